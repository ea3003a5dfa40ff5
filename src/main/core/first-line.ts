/** Reading the first line a child process prints, e.g. the local room's bootstrap line. */
import type { Readable } from 'node:stream'

/** Resolves with the first line of `stream`; rejects if it ends or `timeoutMs` passes first. */
export function readFirstLine(stream: Readable | NodeJS.ReadableStream, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const finish = (error: Error | null, line?: string) => {
      clearTimeout(timer)
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', onError)
      if (error) reject(error)
      else resolve(line as string)
    }
    const onData = (chunk: Buffer | string) => {
      buffered += chunk.toString()
      const newline = buffered.indexOf('\n')
      if (newline >= 0) finish(null, buffered.slice(0, newline).replace(/\r$/, ''))
    }
    const onEnd = () => finish(new Error('the process ended before it printed a line'))
    const onError = (error: Error) => finish(error)
    const timer = setTimeout(() => finish(new Error(`no line within ${timeoutMs} ms`)), timeoutMs)
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onError)
  })
}
