// The baseline as its own process, like the room: a bare node:http server answering every request
// with the bytes in the file given as argv[2]. Prints its port on stdout, then serves until killed.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const body = readFileSync(process.argv[2])
const contentType = process.argv[3] ?? 'application/json; charset=utf-8'
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': body.length })
    response.end(body)
  })
})
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`))
