/** Retry timing of the transport (Stainless-style: exponential, jittered, `Retry-After` honoured up to a cap). */
export interface BackoffOptions {
  /** The first retry's delay before jitter. Default 500 ms. */
  baseDelayMs: number;
  /** The largest delay before jitter. Default 8 s. */
  maxDelayMs: number;
  /** The fraction by which a delay may be shortened at random (0..1). Default 0.25. */
  jitter: number;
  /** The longest `Retry-After` honoured; a longer one falls back to the exponential delay. Default 60 s. */
  maxRetryAfterMs: number;
}

/** The default {@link BackoffOptions}. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  jitter: 0.25,
  maxRetryAfterMs: 60_000,
});

/**
 * The wait a response asks for, in ms: `retry-after-ms`, else `Retry-After` as seconds or an HTTP
 * date. `undefined` when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  // In order of precedence. An absent header reads as NaN (`parseFloat(null)`, `Date.parse(null)`), which fails the check.
  const waits = [
    Number.parseFloat(headers.get('retry-after-ms') as string),
    value ? Number(value) * 1000 : NaN,
    Math.max(0, Date.parse(value as string) - now),
  ];
  return waits.find((wait) => wait >= 0 && wait < Infinity);
}
