import { RateLimitError, ServiceUnavailableError, UnsolvableError } from '../errors/apiErrors.js';
import { CapSolverError, isCapSolverError, stampTaskInfo } from '../errors/CapSolverError.js';
import {
  AbortedError,
  QueryBudgetExhaustedError,
  TaskExpiredError,
  TaskMayExistError,
  TransportError,
} from '../errors/clientErrors.js';
import { errorCodeInfo } from '../errors/errorFromEnvelope.js';
import type { Limits } from '../limits.js';
import type { TaskContext } from './taskMachineTypes.js';

const describeTask = (context: TaskContext): string => (context.taskId ? `Task ${context.taskId}` : 'The task');

/** Any failure as a {@link CapSolverError} stamped with the task's id and query count. */
export function taskError(error: unknown, context: TaskContext): CapSolverError {
  const typed = isCapSolverError(error)
    ? error
    : new CapSolverError('Unexpected failure while running the task', { code: 'UNKNOWN_ERROR', cause: error });
  return stampTaskInfo(typed, { taskId: context.taskId, queries: context.queries });
}

/**
 * Whether a failed query is worth another one later: the outcome was lost on the way (a transport
 * failure), or the service asked to repeat the request (`ERROR_CODES[code].retry === 'request'`).
 */
export function isTransientQueryFailure(error: unknown): boolean {
  if (!isCapSolverError(error)) return false;
  if (error instanceof TransportError) return !(error instanceof TaskMayExistError);
  const info = errorCodeInfo(error.code);
  if (info) return info.retry === 'request';
  return error.retryable && (error instanceof RateLimitError || error instanceof ServiceUnavailableError);
}

/**
 * How long the next query must wait after a failure: the service's `Retry-After`, or, for a rate
 * limit that named no wait, two poll intervals.
 */
export function waitAfterFailure(failure: CapSolverError, limits: Limits): number | undefined {
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  return failure instanceof RateLimitError ? 2 * limits.pollIntervalMs : undefined;
}

/** The task used its whole query budget. */
export function budgetExhaustedError(context: TaskContext): QueryBudgetExhaustedError {
  const status = context.lastStatus ? ` (last status: ${context.lastStatus})` : '';
  return new QueryBudgetExhaustedError(
    `${describeTask(context)} used all ${context.limits.maxQueriesPerTask} getTaskResult queries without a result${status}.`,
    { taskId: context.taskId, queries: context.queries, cause: context.lastFailure },
  );
}

/** The task's lifetime is over (no further query may be sent). */
export function expiredError(context: TaskContext, now: number): TaskExpiredError {
  const age = context.createdAt === undefined ? '' : ` after ${Math.round((now - context.createdAt) / 1000)} s`;
  return new TaskExpiredError(
    `${describeTask(context)} was not ready before its ${context.limits.taskLifetimeMs / 1000} s lifetime ran out${age}; ${context.queries} queries used.`,
    { taskId: context.taskId, queries: context.queries, cause: context.lastFailure },
  );
}

/** A restored task that was interrupted while `createTask` was being sent: it is never sent again. */
export function interruptedCreateError(context: TaskContext): TaskMayExistError {
  return new TaskMayExistError(
    'The task was interrupted while createTask was being sent: it may exist (and be charged) on the service, but its id is unknown. It was not re-sent.',
    { queries: context.queries },
  );
}

/** The service answered `status: "failed"` without an error code. */
export function taskFailedError(context: TaskContext): UnsolvableError {
  return new UnsolvableError(`${describeTask(context)} failed on the service (status "failed").`, {
    code: 'TASK_FAILED',
    taskId: context.taskId,
    queries: context.queries,
    retryable: true,
  });
}

/** The caller cancelled. The task id, if any, is kept so the paid task is not lost. */
export function abortedError(context: TaskContext, reason: unknown): AbortedError {
  const keep = context.taskId ? ` Its id is kept on the error (taskId) so the result can still be collected.` : '';
  return new AbortedError(`${describeTask(context)} was cancelled by the caller.${keep}`, {
    taskId: context.taskId,
    queries: context.queries,
    cause: reason,
  });
}
