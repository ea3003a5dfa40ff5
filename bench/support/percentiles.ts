/** Percentiles of a sample, for benches that report p50 and p95. */

/** The p-th percentile (nearest rank) of values. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

/** "p50 12.3 ms, p95 45.6 ms" */
export const p50p95 = (values: readonly number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`
