import { required } from './required.js';
/** The `q`-quantile (0..1) of `values` by linear interpolation; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const [below, above] = [required(sorted[low], 'quantile'), required(sorted[high], 'quantile')];
  return below + (above - below) * (position - low);
}

/** The arithmetic mean; NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Median, p95 and mean of a sample, with a 95 % confidence interval of the median. */
export interface Summary {
  median: number;
  /** Distribution-free 95 % confidence interval of the median (order statistics n/2 ± 0.98 √n). */
  medianCi95: [number, number];
  p95: number;
  mean: number;
}

/** The 95 % confidence interval of the median from order statistics (no assumption on the shape). */
export function medianInterval(values: readonly number[]): [number, number] {
  if (values.length === 0) return [Number.NaN, Number.NaN];
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const low = Math.max(0, Math.floor(n / 2 - half));
  const high = Math.min(n - 1, Math.ceil(n / 2 + half));
  return [required(sorted[low], 'median interval'), required(sorted[high], 'median interval')];
}

/** Summarises a sample. */
export function summarize(values: readonly number[]): Summary {
  return {
    median: quantile(values, 0.5),
    medianCi95: medianInterval(values),
    p95: quantile(values, 0.95),
    mean: mean(values),
  };
}

/** Rounds for JSON output (ms to 0.1, ratios to 0.01). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
