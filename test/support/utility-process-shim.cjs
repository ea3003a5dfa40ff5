// Preloaded (--require) into the Node processes that stand in for Electron utility processes in
// tests (fake-utility-process.ts): it gives them `process.parentPort`, over Node's IPC channel.
// Like Electron's, the port delivers `{ data }` message events and does not keep the process alive.
const { EventEmitter } = require('node:events')

const port = new EventEmitter()
port.postMessage = (message) => {
  if (process.connected) process.send(message)
}
process.on('message', (data) => port.emit('message', { data }))
process.channel?.unref()
process.parentPort = port
