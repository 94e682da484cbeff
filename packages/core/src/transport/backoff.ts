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
  const usable = (wait: number): boolean => wait >= 0 && wait < Infinity;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && usable(Number.parseFloat(milliseconds))) return Number.parseFloat(milliseconds);
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value) * 1000;
  if (usable(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first): the answer's `Retry-After` when it asked for
 * one within `maxRetryAfterMs`; otherwise `baseDelayMs * 2^(retry - 1)` up to `maxDelayMs`, shortened
 * by up to `jitter` at random (`random()` in [0, 1)) so that many clients do not retry in lockstep.
 */
export function backoffDelay(
  retry: number,
  backoff: BackoffOptions,
  random: () => number,
  retryAfterMs?: number | undefined,
): number {
  if (retryAfterMs !== undefined && retryAfterMs <= backoff.maxRetryAfterMs) return retryAfterMs;
  const exponential = Math.min(backoff.baseDelayMs * 2 ** (retry - 1), backoff.maxDelayMs);
  return exponential * (1 - random() * backoff.jitter);
}
