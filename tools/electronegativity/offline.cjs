// Loaded with `node -r` before Electronegativity: its only network use is fetching translations and
// Electron's release list with `got`, and on Node 24 a failed fetch crashes it (a got 11 retry bug).
// CI has no network, and a scan should not depend on one, so `got` fails at once instead.
const Module = require('node:module')
const load = Module._load
Module._load = function loadOffline(request, parent, ...rest) {
  if (request === 'got' && parent?.filename?.includes('electronegativity')) {
    return () => Promise.reject(new Error('offline: Electronegativity runs without network'))
  }
  return load.call(this, request, parent, ...rest)
}
