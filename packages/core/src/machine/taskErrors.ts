import { RateLimitError, UnsolvableError } from '../errors/apiErrors.js';
import { CapSolverError, type CapSolverErrorOptions } from '../errors/CapSolverError.js';
import {
  AbortedError,
  QueryBudgetExhaustedError,
  TaskExpiredError,
  type TaskMayExistError,
} from '../errors/clientErrors.js';
import { taskMayExist } from '../errors/taskMayExist.js';
import type { Limits } from '../limits.js';
import type { TaskContext } from './taskMachineTypes.js';

type ErrorClass<E> = new (message: string, options?: CapSolverErrorOptions) => E;

/** An error of the task ("Task <id> …", or "The task …" before it has an id), carrying its id and query count. */
const taskFailure = <E extends CapSolverError>(
  Type: ErrorClass<E>,
  { taskId, queries }: TaskContext,
  what: string,
  options?: CapSolverErrorOptions,
): E => new Type(`${taskId ? `Task ${taskId}` : 'The task'} ${what}`, { taskId, queries, ...options });

/**
 * Any failure as a {@link CapSolverError} stamped with the task's id and query count: errors are
 * created deep in the transport, before the machine knows them; it stamps them once, when it records them.
 */
export function taskError(error: unknown, { taskId, queries }: TaskContext): CapSolverError {
  const typed =
    error instanceof CapSolverError
      ? error
      : new CapSolverError('Unexpected failure while running the task', { cause: error });
  return Object.assign(typed, { taskId: typed.taskId ?? taskId, queries });
}

// The machine's guard reads the rule where all retry decisions live.
export { isTransientQueryFailure } from '../errors/retryRules.js';

/**
 * How long the next query must wait after a failure: the service's `Retry-After`, or, for a rate
 * limit that named no wait, two poll intervals.
 */
export function waitAfterFailure(failure: CapSolverError, limits: Limits): number | undefined {
  return failure.retryAfterMs ?? (failure instanceof RateLimitError ? 2 * limits.pollIntervalMs : undefined);
}

/** The task used its whole query budget; the last transient failure, if any, is the cause. */
export function budgetExhaustedError(context: TaskContext): QueryBudgetExhaustedError {
  const status = context.lastStatus ? ` (last status: ${context.lastStatus})` : '';
  return taskFailure(
    QueryBudgetExhaustedError,
    context,
    `used all ${context.limits.maxQueriesPerTask} queries without a result${status}.`,
    {
      cause: context.lastFailure,
    },
  );
}

/** The task's lifetime is over (no further query may be sent); the last transient failure, if any, is the cause. */
export function expiredError(context: TaskContext): TaskExpiredError {
  const { limits, queries } = context;
  return taskFailure(
    TaskExpiredError,
    context,
    `was not ready within its ${limits.taskLifetimeMs / 1000} s lifetime (${queries} queries used).`,
    {
      cause: context.lastFailure,
    },
  );
}

/** A restored task that was interrupted while `createTask` was being sent: it is never sent again. */
export function interruptedCreateError({ queries }: TaskContext): TaskMayExistError {
  return taskMayExist('createTask was interrupted, so the task id is unknown', { queries });
}

/** The service answered `status: "failed"` without an error code. */
export function taskFailedError(context: TaskContext): UnsolvableError {
  return taskFailure(UnsolvableError, context, 'failed on the service (status "failed").', {
    code: 'TASK_FAILED',
    retryable: true,
  });
}

/** The caller cancelled. The task id, if any, is kept on the error (and named by its message) so the paid task is not lost. */
export function abortedError(context: TaskContext, reason: unknown): AbortedError {
  return taskFailure(AbortedError, context, 'was cancelled by the caller.', { cause: reason });
}
