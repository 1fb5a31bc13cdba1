/**
 * Timing and summary statistics for the benchmark. Latencies are kept per call (not averaged) so the
 * tails (p95, p99) are real; percentiles use the nearest-rank method on the sorted samples.
 */

export interface Summary {
  /** Number of timed calls. */
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in 0..100) of ascending-sorted samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export function median(samples: ArrayLike<number>): number {
  return summarize(samples).p50;
}

/** Milliseconds since an arbitrary origin, with sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Times `fn` once per item and returns the per-call durations in milliseconds. `sink` receives each
 * result so the work cannot be optimised away; the caller keeps what it returns.
 */
export function timeEach<T, R>(items: readonly T[], fn: (item: T) => R, sink: (r: R) => void): Float64Array {
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const t0 = process.hrtime.bigint();
    const r = fn(items[i]!);
    const t1 = process.hrtime.bigint();
    out[i] = Number(t1 - t0) / 1e6;
    sink(r);
  }
  return out;
}

/** Runs `fn` `times` times and returns each duration in milliseconds (the first one is the cold run). */
export function timeRepeated<R>(times: number, fn: () => R, sink: (r: R) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = process.hrtime.bigint();
    const r = fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    sink(r);
  }
  return out;
}

/** Every k-th item so that at most `max` remain, spread over the whole list (deterministic). */
export function stride<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  const out: T[] = [];
  const step = items.length / max;
  for (let i = 0; i < max; i++) out.push(items[Math.floor(i * step)]!);
  return out;
}
