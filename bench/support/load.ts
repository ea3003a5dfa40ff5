/**
 * A small closed-loop load generator over undici: N connections each send a request as soon as the
 * previous answer arrives, for a fixed time (bounded: loopback only, stops by itself).
 */
import { Pool } from 'undici'

export interface LoadResult {
  requests: number
  errors: number
  rps: number
  p50Ms: number
  p99Ms: number
}

export interface LoadOptions {
  method?: 'GET' | 'POST'
  path: string
  /** A different path per request (e.g. to defeat a cache); `path` is used when absent. */
  pathFor?: (n: number) => string
  headers?: Record<string, string>
  body?: string
  connections?: number
  durationMs?: number
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

/** Loads `origin` + `path` and reports throughput and latency percentiles. */
export async function load(origin: string, options: LoadOptions): Promise<LoadResult> {
  const connections = options.connections ?? 8
  const pool = new Pool(origin, { connections, pipelining: 1 })
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + (options.durationMs ?? 3000)
  let sent = 0
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      try {
        const response = await pool.request({
          method: options.method ?? 'GET',
          path: options.pathFor ? options.pathFor(sent++) : options.path,
          headers: options.headers,
          body: options.body,
        })
        await response.body.dump()
        if (response.statusCode >= 400) errors++
      } catch {
        errors++
      }
      latencies.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: connections }, worker))
  const elapsed = (performance.now() - started) / 1000
  await pool.close()
  latencies.sort((a, b) => a - b)
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  }
}

/** One line per measurement, and the ratio to the baseline. */
export function report(name: string, result: LoadResult, baseline?: LoadResult): string {
  const figures = `${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors`
  const ratio = baseline ? `, ${((result.rps / baseline.rps) * 100).toFixed(0)}% of baseline req/s` : ''
  return `${name}: ${figures}${ratio}`
}
