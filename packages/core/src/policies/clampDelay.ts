import { lastQueryAt } from '../limits.js';
import type { PollContext } from './PollPolicy.js';

/** The reserve polls at the documented rate divided by this (see {@link clampDelay}). */
const RESERVE_RATE_DIVISOR = 2;

/**
 * Applies the limits to a policy's delay; every policy goes through it. The result:
 * - is never below `minPollGapMs`, nor below a `Retry-After` the service asked for;
 * - is stretched so that the remaining budget lasts the remaining lifetime: a dense policy may run
 *   free while the budget has slack, but once the remaining queries could no longer cover the rest
 *   of the lifetime at half the documented rate (a query every `2 × pollIntervalMs`), delays grow
 *   to `min(window - (remaining - 1) × 2 × pollIntervalMs, window / remaining)` — that reserve, or an
 *   even spread when even that is too dense. So no policy spends all 120 queries early and leaves
 *   the task blind while its result may still come, yet a dense policy has about 70 queries of room
 *   (tasks still unsolved after the documented 30 s are rare, so the reserve polls them half as
 *   often); with the default limits, `documented` is never stretched;
 * - never lands after the last moment a query may be sent (`createdAt + taskLifetimeMs -
 *   lifetimeSafetyMarginMs`); a `Retry-After` longer than what is left of the lifetime is cut to
 *   just before that moment (one last query, rather than a task that ends at once with time left).
 *
 * A delay that is not a finite number falls back to `pollIntervalMs`; a negative one counts as 0.
 *
 * @returns the delay in ms, or `undefined` when no query may be sent any more (budget spent, or
 * not even the minimum gap left before the end of the lifetime).
 */
export function clampDelay(delayMs: number, ctx: PollContext): number | undefined {
  const { limits } = ctx;
  const remaining = limits.maxQueriesPerTask - ctx.queries;
  const windowMs = lastQueryAt(ctx.createdAt, limits) - ctx.now;
  // Not even the minimum gap fits before the end: no query left.
  if (remaining <= 0 || windowMs < limits.minPollGapMs) return undefined;
  // A wait the service asked for (Retry-After) that outlasts the lifetime: the result still exists
  // until the end, so one last query goes out just before the last allowed moment (one minimum gap
  // before it: a timer fires late, never early) rather than none at all: the task would otherwise
  // end at once, as expired, with time left.
  if ((ctx.retryAfterMs ?? 0) > windowMs) return Math.max(limits.minPollGapMs, windowMs - limits.minPollGapMs);
  const floor = Math.max(limits.minPollGapMs, ctx.retryAfterMs ?? 0);
  const asked = Number.isFinite(delayMs) ? Math.max(0, delayMs) : limits.pollIntervalMs;
  const spread = Math.min(
    windowMs - (remaining - 1) * RESERVE_RATE_DIVISOR * limits.pollIntervalMs,
    windowMs / remaining,
  );
  return Math.min(Math.max(asked, floor, spread), windowMs);
}
