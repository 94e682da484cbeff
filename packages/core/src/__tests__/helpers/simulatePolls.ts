import fc from 'fast-check';
import { expect } from 'vitest';
import { DEFAULT_LIMITS, lastQueryAt, resolveLimits, scaleLimits, type Limits } from '../../limits.js';
import { planNextPoll } from '../../machine/planNextPoll.js';
import type { TaskContext } from '../../machine/taskMachineTypes.js';
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

/** The task machine's context of a task created at {@link T0} that has used `queries` and is still processing. */
function waitingContext(queries: number, limits: Limits, taskId: string | undefined): TaskContext {
  return {
    task: undefined,
    taskType: 'ReCaptchaV2TaskProxyLess',
    taskId,
    createdAt: T0,
    queries,
    lastStatus: 'processing',
    nextPollAt: undefined,
    retryAfterMs: undefined,
    limits,
    resumed: false,
    solution: undefined,
    error: undefined,
    lastFailure: undefined,
    callbackToken: undefined,
  };
}

/**
 * The query times (ms since creation) of a task (with the id in `task`, if any) solved at
 * `solvedAtMs` (never, by default), as the task machine schedules them: each due time comes from the
 * machine's own `planNextPoll` (the policy's delay through the clamp, a throwing policy replaced by
 * `documented`), with `roundTripMs` per answer.
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
  const runtime = { now: () => T0 + elapsed, pollPolicy: policy };
  for (;;) {
    const due = planNextPoll(waitingContext(sent.length, limits, task.taskId), runtime);
    if (due === undefined) return sent;
    elapsed = due - T0;
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
