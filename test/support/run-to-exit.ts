/** Runs a Node script as a real child process to its end, for invocations that must exit by themselves. */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const root = resolve(__dirname, '../..')

export interface Exited {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `node ...args` (the Node running the tests) and resolves once it has exited and its output is read. */
export function runToExit(args: readonly string[], timeoutMs = 15_000): Promise<Exited> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(
        new Error(
          `${args.join(' ')} did not exit within ${timeoutMs} ms (stdout: ${stdout}; stderr: ${stderr})`,
        ),
      )
    }, timeoutMs)
    // 'close' rather than 'exit': by then stdout and stderr have been read to the end.
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}
