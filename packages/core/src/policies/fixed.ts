import { ConfigurationError } from '../errors/clientErrors.js';
import type { PollPolicy } from './PollPolicy.js';

/**
 * A constant delay between queries (and before the first one). Still clamped: never below the
 * minimum gap, never past the lifetime, and stretched when the budget would run out too early.
 *
 * @example
 * ```ts
 * createClient({ apiKey, pollPolicy: fixed(2_000) });
 * ```
 */
export function fixed(delayMs: number): PollPolicy {
  if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
    throw new ConfigurationError(`fixed(delayMs): delayMs must be a finite number >= 0, got ${String(delayMs)}.`);
  }
  return () => delayMs;
}
