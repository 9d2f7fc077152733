/**
 * Summaries of repeated measurements. Medians for start-up (few runs, outliers from the OS), and
 * nearest-rank percentiles for latencies (no interpolation: p99 is a latency that really happened).
 */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounded for results.json: enough digits to compare runs, few enough to keep diffs readable. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(numerator: number, denominator: number): number {
  return round(numerator / denominator, 2);
}

export interface RunSummary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: number[], digits = 1): RunSummary {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    runs: values.length,
  };
}

export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  iterations: number;
}

export function latencies(values: number[]): LatencySummary {
  return {
    p50Ms: round(percentile(values, 50), 2),
    p99Ms: round(percentile(values, 99), 2),
    meanMs: round(values.reduce((sum, value) => sum + value, 0) / values.length, 2),
    iterations: values.length,
  };
}

export async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
