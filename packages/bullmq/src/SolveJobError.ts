import { UnrecoverableError } from 'bullmq';
import type { SolveJobFailure } from './types.js';

/**
 * A solve job that failed for good, with the capkit error code that ended it.
 *
 * The worker throws it for failures BullMQ must not retry (`ERROR_ZERO_BALANCE`, `ERROR_KEY_DENIED_ACCESS`,
 * `TASK_MAY_EXIST` …): it extends BullMQ's `UnrecoverableError`, so the job goes to `failed` whatever
 * `attempts` says. Retryable failures (`ERROR_CAPTCHA_UNSOLVABLE` …) are thrown as the capkit error
 * itself and left to `attempts`. On the producer side, `queue.solve()` rejects with a `SolveJobError`
 * once the job has failed, whatever the reason; `getSolveJobError(job)` gives the same facts.
 *
 * @example
 * ```ts
 * try {
 *   await queue.solve(task);
 * } catch (error) {
 *   if (error instanceof SolveJobError && error.code === 'ERROR_ZERO_BALANCE') await topUp();
 * }
 * ```
 */
export class SolveJobError extends UnrecoverableError {
  /** The capkit error code (`ERROR_ZERO_BALANCE`, `ERROR_CAPTCHA_UNSOLVABLE`, `TASK_MAY_EXIST` …). */
  readonly code: string;
  /** Whether a new job (a new task) may succeed: `true` for `ERROR_CAPTCHA_UNSOLVABLE`, `false` for `ERROR_ZERO_BALANCE`. */
  readonly retryable: boolean;
  /** The task the failure belongs to, when one was created (it may be paid for: keep it). */
  readonly taskId: string | undefined;
  /** The `getTaskResult` queries the task had used. */
  readonly queries: number | undefined;
  /** The BullMQ job id, when known. */
  readonly jobId: string | undefined;

  constructor(
    failure: Omit<SolveJobFailure, 'attempt' | 'resumable'>,
    options: { jobId?: string | undefined; cause?: unknown } = {},
  ) {
    super(failure.message);
    if (options.cause !== undefined) this.cause = options.cause;
    this.name = 'SolveJobError';
    this.code = failure.code;
    this.retryable = failure.retryable;
    this.taskId = failure.taskId;
    this.queries = failure.queries;
    this.jobId = options.jobId;
  }
}
