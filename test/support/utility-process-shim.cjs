// Preloaded (--require) into the Node processes that stand in for Electron utility processes in
// tests (fake-utility-process.ts): it gives them `process.parentPort`, over Node's IPC channel.
// Like Electron's, the port delivers `{ data }` message events. And like an Electron utility process
// (electron/electron#47228), the process does not end when its event loop is empty: only
// process.exit() (or a kill) ends it. The keep-alive is a timer created before the script runs.
const { EventEmitter } = require('node:events')

const port = new EventEmitter()
port.postMessage = (message) => {
  if (process.connected) process.send(message)
}
process.on('message', (data) => port.emit('message', { data }))
process.channel?.unref()
process.parentPort = port
setInterval(() => {}, 1 << 30)
