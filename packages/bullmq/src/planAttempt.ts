import type { SerializedTask } from '@capkit/core';
import type { SolveJobCheckpoint, SolveJobFailure } from './types.js';

/** What an attempt of a solve job does. */
export type AttemptPlan =
  /** Nothing was ever sent for this job (or the last task is known dead): create a task. */
  | { kind: 'start' }
  /** A task was (or may have been) created: continue it with its own query count and lifetime. */
  | { kind: 'resume'; snapshot: SerializedTask }
  /** End the attempt with this failure, sending nothing. */
  | { kind: 'fail'; failure: SolveJobFailure };

/**
 * Reads a job's checkpoint and decides how the attempt starts. `attemptsMade` is BullMQ's count of
 * finished attempts: a stalled job handed to another worker keeps it, a retried one has it bumped.
 *
 * - No snapshot: `createTask` was never sent (the record is saved and awaited before it is), so start.
 * - A snapshot and no failure: the previous worker died; resume it. With a task id, the task goes on,
 *   counting one extra query (the one in flight when the worker died may be missing from the
 *   snapshot). Without one, `createTask` may have been on the wire: capkit's `resume()` settles such a
 *   record with `TaskMayExistError` (`TASK_MAY_EXIST`) and never sends it again.
 * - A failure recorded by this very attempt: the worker died after deciding; repeat that decision.
 * - A failure of an earlier attempt: resume when the task may still be alive, otherwise start anew.
 */
export function planAttempt(checkpoint: SolveJobCheckpoint | undefined, attemptsMade: number): AttemptPlan {
  const { snapshot, failure } = checkpoint ?? {};
  if (failure) {
    if (failure.attempt === attemptsMade) return { kind: 'fail', failure };
    return failure.resumable && snapshot?.taskId ? { kind: 'resume', snapshot } : { kind: 'start' };
  }
  if (!snapshot) return { kind: 'start' };
  return { kind: 'resume', snapshot: snapshot.taskId ? { ...snapshot, queries: snapshot.queries + 1 } : snapshot };
}
