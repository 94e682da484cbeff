import { lastQueryAt } from '../limits.js';
import { clampDelay } from '../policies/clampDelay.js';
import { documented } from '../policies/documented.js';
import type { PollContext } from '../policies/PollPolicy.js';
import type { TaskContext } from './taskMachineTypes.js';
import type { TaskRuntime } from './taskRuntime.js';

/**
 * The {@link PollContext} a policy sees for a task at time `now`: the fields it documents, copied from
 * the task's context (never the task itself, which may hold proxy credentials, nor its solution or
 * errors), with the clock-derived ones.
 */
export function toPollContext(context: TaskContext, now: number): PollContext {
  const createdAt = context.createdAt ?? now;
  return {
    queries: context.queries,
    attempt: context.queries + 1,
    elapsedMs: Math.max(0, now - createdAt),
    createdAt,
    taskId: context.taskId,
    now,
    lastStatus: context.lastStatus,
    limits: context.limits,
    taskType: context.taskType,
    retryAfterMs: context.retryAfterMs,
  };
}

/**
 * When the next query is due: the runtime's policy, clamped by the limits. A throwing policy falls
 * back to {@link documented}. `undefined` means no query may be sent any more.
 */
export function planNextPoll(context: TaskContext, runtime: TaskRuntime): number | undefined {
  const now = runtime.now();
  const pollContext = toPollContext(context, now);
  let delay: number;
  try {
    delay = runtime.pollPolicy(pollContext);
  } catch (error) {
    runtime.onPolicyError?.(error);
    delay = documented(pollContext);
  }
  const clamped = clampDelay(delay, pollContext);
  return clamped === undefined ? undefined : now + clamped;
}

/**
 * The due time of the first query of a restored task: the saved `nextPollAt` (not in the past, and
 * moved in to the last allowed moment if needed), or a fresh plan when none was saved. A spent
 * budget or lifetime needs no check here: `waiting` ends the task on both before any query.
 */
export function resumeNextPoll(context: TaskContext, runtime: TaskRuntime): number | undefined {
  if (context.nextPollAt === undefined || context.createdAt === undefined) return planNextPoll(context, runtime);
  const now = runtime.now();
  return Math.min(Math.max(context.nextPollAt, now), lastQueryAt(context.createdAt, context.limits));
}
