import type { Job } from 'bullmq';
import { SolveJobError } from './SolveJobError.js';
import type { SolveJobData } from './types.js';

/** The parts of a job {@link getSolveJobError} reads (a `Job` from `queue.getJob()` fits). */
export type FailedJob = Pick<Job<SolveJobData, unknown, string>, 'id' | 'data' | 'failedReason'>;

/**
 * The error of a solve job's last failed attempt, with its capkit code, or `undefined` when no attempt
 * has failed. The worker records each failure in the job; a failure that did not come from capkit
 * (the job stalled more than `maxStalledCount` times, a Redis error) has the code `JOB_FAILED` and
 * BullMQ's `failedReason` as message.
 *
 * @example
 * ```ts
 * queueEvents.on('failed', async ({ jobId }) => {
 *   const job = await queue.queue.getJob(jobId);
 *   const error = job && getSolveJobError(job);
 *   if (error?.code === 'ERROR_ZERO_BALANCE') await alertOps();
 * });
 * ```
 */
export function getSolveJobError(job: FailedJob): SolveJobError | undefined {
  if (!job.failedReason) return undefined;
  const failure = job.data.checkpoint?.failure;
  // BullMQ keeps only the message; a recorded failure with the same message is the one that failed the job.
  if (failure && failure.message === job.failedReason) return new SolveJobError(failure, { jobId: job.id });
  return new SolveJobError({ code: 'JOB_FAILED', message: job.failedReason, retryable: true }, { jobId: job.id });
}
