import { ERROR_CODES, type ErrorCode } from '@capkit/api';

/** The parts of a capkit error the queue needs to decide what happens next. */
export interface FailureFacts {
  code: string;
  taskId?: string | undefined;
  retryable?: boolean | undefined;
}

/** What a failed attempt means for the job. */
export interface FailureVerdict {
  /** `false`: no BullMQ retry (the job fails at once, whatever `attempts` says). */
  retryable: boolean;
  /**
   * `true`: the task may still be alive on the service, so a later attempt of the same job resumes it
   * (same task id, same query count, same lifetime) instead of paying for a new one.
   */
  resumable: boolean;
}

/**
 * Client codes that end the job for good: the caller must decide (`TASK_MAY_EXIST`: the task may exist
 * and be charged), fix the setup (`CONFIGURATION`), or asked for it (`ABORTED`: a cancelled job).
 */
const FINAL_CLIENT_CODES = new Set(['TASK_MAY_EXIST', 'CONFIGURATION', 'ABORTED']);

/** Codes saying the task itself is gone: only a new task can still produce a solution. */
const TASK_GONE_CODES = new Set(['TASK_EXPIRED', 'QUERY_BUDGET_EXHAUSTED', 'TASK_FAILED', 'ERROR_TASKID_INVALID']);

/** Client codes of a request that failed on the way (the task, if any, is untouched). */
const TRANSPORT_CODES = new Set(['NETWORK_ERROR', 'TIMEOUT', 'HTTP_ERROR', 'INVALID_RESPONSE']);

/**
 * Decides, from a capkit error, whether BullMQ may retry the job and whether the retry may keep the
 * task. The spec's catalogue (`ERROR_CODES[code].retry`) drives the service codes:
 *
 * - `no` (zero balance, bad key, invalid task …): not retryable. Nothing helps until someone acts.
 * - `new-task` (unsolvable, server timeout, proxy banned): retryable with a new task, left to `attempts`.
 * - `request` / `after-cooldown` (service unavailable, rate limit, IP ban): retryable; a task that was
 *   created is still alive, so the retry resumes it rather than paying again.
 *
 * A task that is gone (expired, budget spent, unknown id) can only be retried with a new task.
 */
export function classifyFailure(error: FailureFacts): FailureVerdict {
  const hasTask = error.taskId !== undefined;
  if (FINAL_CLIENT_CODES.has(error.code)) return { retryable: false, resumable: hasTask };
  if (TASK_GONE_CODES.has(error.code)) return { retryable: true, resumable: false };
  if (TRANSPORT_CODES.has(error.code)) return { retryable: true, resumable: hasTask };
  const info = Object.hasOwn(ERROR_CODES, error.code) ? ERROR_CODES[error.code as ErrorCode] : undefined;
  if (info?.retry === 'no') return { retryable: false, resumable: false };
  if (info?.retry === 'new-task') return { retryable: true, resumable: false };
  if (info) return { retryable: true, resumable: hasTask };
  // An undocumented code: trust the client's judgement, and keep a live task rather than pay twice.
  return { retryable: error.retryable === true, resumable: hasTask };
}
