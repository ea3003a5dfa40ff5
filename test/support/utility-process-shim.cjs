// Preloaded (--require) into the Node processes that stand in for Electron utility processes in
// tests (fake-utility-process.ts): it gives them `process.parentPort`, over Node's IPC channel.
// Like Electron's, the port delivers `{ data }` message events, and queues the messages that arrive
// before anything listens (Electron's ParentPort starts when its first 'message' listener is added).
// And like an Electron utility process (electron/electron#47228), the process does not end when its
// event loop is empty: only process.exit() (or a kill) ends it. The keep-alive is a timer created
// before the script runs.
const { EventEmitter } = require('node:events')

const port = new EventEmitter()
const queued = []
port.postMessage = (message) => {
  if (process.connected) process.send(message)
}
port.on('newListener', (name) => {
  if (name !== 'message' || port.listenerCount('message') > 0) return
  // Delivered once the listener is in place, in order.
  setImmediate(() => {
    for (const data of queued.splice(0)) port.emit('message', { data })
  })
})
process.on('message', (data) => {
  if (port.listenerCount('message') === 0 || queued.length > 0) queued.push(data)
  else port.emit('message', { data })
})
process.channel?.unref()
process.parentPort = port
setInterval(() => {}, 1 << 30)
