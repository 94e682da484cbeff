import { ConfigurationError } from '../errors/clientErrors.js';
import { documented } from './documented.js';
import type { PollPolicy } from './PollPolicy.js';

/** Options of {@link eager}. */
export interface EagerOptions {
  /** The gap between queries in the dense phase. Default: a sixth of `pollIntervalMs` (500 ms). */
  intervalMs?: number;
  /** How long after creation the dense phase lasts. Default: a third of `solveTimeMaxMs` (10 s). */
  windowMs?: number;
}

/**
 * Dense polling while fast solves are likely, then the {@link documented} rhythm: a query every
 * 500 ms for the first 10 s, then every 3 s. Most tasks finish within seconds, so this cuts the
 * latency after a fast solve; a 30 s solve costs about 27 queries (20 dense + 7 documented), well
 * inside the 120-query budget. The defaults are fractions of the limits, so they scale with them.
 *
 * @example
 * ```ts
 * await client.solve(task, { pollPolicy: eager() });
 * ```
 */
export function eager(options: EagerOptions = {}): PollPolicy {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && (!(value >= 0) || !Number.isFinite(value))) {
      throw new ConfigurationError(`eager({ ${name} }) must be a finite number >= 0, got ${String(value)}.`);
    }
  }
  return (ctx) => {
    const intervalMs = options.intervalMs ?? ctx.limits.pollIntervalMs / 6;
    const windowMs = options.windowMs ?? ctx.limits.solveTimeMaxMs / 3;
    return ctx.elapsedMs < windowMs ? intervalMs : documented(ctx);
  };
}
