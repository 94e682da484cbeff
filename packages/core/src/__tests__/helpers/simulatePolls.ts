import fc from 'fast-check';
import { expect } from 'vitest';
import { DEFAULT_LIMITS, lastQueryAt, resolveLimits, scaleLimits, type Limits } from '../../limits.js';
import { clampDelay } from '../../policies/clampDelay.js';
import type { PollContext, PollPolicy } from '../../policies/PollPolicy.js';

/** The creation time of every simulated task. */
export const T0 = 1_700_000_000_000;

/** The context a policy sees `elapsedMs` after creation with `queries` used. */
export function contextAt(
  elapsedMs: number,
  queries: number,
  limits: Limits = DEFAULT_LIMITS,
  extra: Partial<PollContext> = {},
): PollContext {
  return {
    queries,
    attempt: queries + 1,
    elapsedMs,
    createdAt: T0,
    now: T0 + elapsedMs,
    lastStatus: 'processing',
    limits,
    taskType: 'ReCaptchaV2TaskProxyLess',
    retryAfterMs: undefined,
    ...extra,
  };
}

/**
 * The query times (ms since creation) of a task (with the id in `task`, if any) solved at
 * `solvedAtMs` (never, by default), as the task machine sends them: the policy's delay through
 * clampDelay, plus `roundTripMs` per answer.
 */
export function queryTimes(
  policy: PollPolicy,
  limits: Limits,
  solvedAtMs = Number.POSITIVE_INFINITY,
  roundTripMs = 0,
  task: Pick<PollContext, 'taskId'> = {},
): number[] {
  const sent: number[] = [];
  let elapsed = roundTripMs;
  for (;;) {
    const ctx = contextAt(elapsed, sent.length, limits, task);
    const delay = clampDelay(policy(ctx), ctx);
    if (delay === undefined) return sent;
    elapsed += delay;
    sent.push(elapsed);
    if (elapsed >= solvedAtMs) return sent;
    elapsed += roundTripMs;
  }
}

/** Any limits a client may run with: time-scaled, with a smaller budget, with any minimum gap. */
export const anyLimits: fc.Arbitrary<Limits> = fc
  .record({
    scale: fc.constantFrom(1, 0.1, 0.01, 0.003),
    maxQueriesPerTask: fc.integer({ min: 1, max: 120 }),
    minPollGapMs: fc.integer({ min: 0, max: 2_000 }),
  })
  .map(({ scale, maxQueriesPerTask, minPollGapMs }) =>
    resolveLimits({ ...scaleLimits(scale), maxQueriesPerTask, minPollGapMs: minPollGapMs * scale }),
  );

/** Asserts the service's rules on the query times of a task that never finished. */
export function expectWithinRules(sent: readonly number[], limits: Limits): void {
  expect(sent.length).toBeLessThanOrEqual(limits.maxQueriesPerTask);
  expect(sent.length).toBeGreaterThan(0);
  const latest = lastQueryAt(T0, limits) - T0;
  sent.forEach((time, index) => {
    expect(Number.isFinite(time)).toBe(true);
    // Tolerances: the simulation adds up floating-point delays.
    expect(time).toBeLessThanOrEqual(latest + 1e-3);
    if (index > 0) expect(time - sent[index - 1]!).toBeGreaterThanOrEqual(limits.minPollGapMs - 1e-3);
  });
}
