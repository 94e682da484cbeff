import type { TaskType } from '@capkit/api';
import {
  CapSolverError,
  isCapSolverError,
  retryAdvice,
  type CapSolverClient,
  type PollPolicy,
  type SolveResult,
  type TaskHandle,
} from '@capkit/core';
import type { Job } from 'bullmq';
import { createCheckpointStore } from './createCheckpointStore.js';
import { planAttempt } from './planAttempt.js';
import { reportProgress } from './reportProgress.js';
import { SolveJobError } from './SolveJobError.js';
import type { SolveJobData, SolveJobFailure } from './types.js';

/** A BullMQ job of a solve queue. */
export type SolveJob<T extends TaskType = TaskType> = Job<SolveJobData<T>, SolveResult<T>, string>;

/** Options of {@link createSolveProcessor}. */
export interface SolveProcessorOptions {
  /** The capkit client that solves the tasks. Give it no `store`: each job is its task's store. */
  client: CapSolverClient;
  /** The poll policy of every task, instead of the client's. */
  pollPolicy?: PollPolicy | undefined;
  /**
   * Called when a checkpoint or progress write fails. The task goes on (its solution is paid for),
   * except when its record could not be written before `createTask`: then nothing is sent.
   */
  onError?: ((error: unknown) => void) | undefined;
}

/** A BullMQ processor of solve jobs. It declares `signal`, so BullMQ's `worker.cancelJob()` reaches the task. */
export type SolveProcessor = (job: SolveJob, token?: string, signal?: AbortSignal) => Promise<SolveResult>;

/**
 * The BullMQ processor behind {@link createSolveWorker}, for callers who build their own `Worker`.
 * Each attempt reads the job's checkpoint, then creates the task, resumes it, or fails at once
 * (see `planAttempt`). The job is the task's capkit store (`SolveOptions.store`), so capkit awaits the
 * task's snapshot in the job before every request: before `createTask` (no task id yet), and before
 * each query and retry (task id known, that query counted). If the record before `createTask` cannot
 * be written, nothing is sent and the attempt throws the Redis error (BullMQ retries it as `attempts`
 * allows). Progress goes to `job.updateProgress`; the solution is the job's return value; a failure
 * is recorded in the job and thrown (a {@link SolveJobError} when BullMQ must not retry).
 *
 * @example
 * ```ts
 * const worker = new Worker('captcha', createSolveProcessor({ client }), { connection, concurrency: 50 });
 * ```
 */
export function createSolveProcessor(options: SolveProcessorOptions): SolveProcessor {
  const { client, pollPolicy } = options;
  const onError = options.onError ?? (() => undefined);
  // Three declared parameters: BullMQ passes the AbortSignal only to processors that take it.
  return async function processSolveJob(job: SolveJob, _token?: string, signal?: AbortSignal): Promise<SolveResult> {
    const plan = planAttempt(job.data.checkpoint, job.attemptsMade);
    if (plan.kind === 'fail') throw await recordFailure(job, plan.failure);
    // The job is the task's store: capkit awaits each write into it before the request it announces.
    const checkpoint = createCheckpointStore(job, onError);
    const solveOptions = {
      signal: taskSignal(job, signal, checkpoint.unrecorded),
      pollPolicy,
      store: checkpoint.store,
    };
    const fail = async (error: unknown): Promise<unknown> =>
      isCapSolverError(error) ? recordFailure(job, toFailure(error, job.attemptsMade), error) : error;

    let handle: TaskHandle;
    try {
      handle =
        plan.kind === 'resume' ? client.resume(plan.snapshot, solveOptions) : client.start(job.data.task, solveOptions);
    } catch (error) {
      // start()/resume() throw at once for a malformed task or snapshot (ConfigurationError).
      throw await fail(error);
    }
    const progress = reportProgress(handle, job, onError);
    try {
      // Settles once capkit's writes to the job are done: the checkpoint is final here.
      return await handle.result;
    } catch (error) {
      // createTask was never sent (its record could not be written): a plain error, so BullMQ retries.
      if (checkpoint.unrecorded.aborted) throw checkpoint.unrecorded.reason;
      throw await fail(error);
    } finally {
      await progress.flush();
    }
  };
}

/**
 * What cancels the task: BullMQ's signal for the job, the job's own deadline (`options.timeoutMs`,
 * counted from when it was added), and a checkpoint write that failed before `createTask`.
 */
function taskSignal(job: SolveJob, signal: AbortSignal | undefined, unrecorded: AbortSignal): AbortSignal {
  const signals = [unrecorded, ...(signal ? [signal] : [])];
  const timeoutMs = job.data.options?.timeoutMs;
  if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(Math.max(0, job.timestamp + timeoutMs - Date.now())));
  return AbortSignal.any(signals);
}

function toFailure(error: CapSolverError, attempt: number): SolveJobFailure {
  // Whether the job may retry, and keep its task, is core's rule (the same the CLI's resume hint follows).
  const verdict = retryAdvice(error);
  // The message stays the thrown error's, so a job's `failedReason` identifies this record.
  const failure: SolveJobFailure = { code: error.code, message: error.message, ...verdict, attempt };
  if (error.taskId !== undefined) failure.taskId = error.taskId;
  if (error.queries !== undefined) failure.queries = error.queries;
  return failure;
}

/**
 * Writes the failure into the job (so producers can read the code) and returns what to throw: a
 * {@link SolveJobError} (BullMQ `UnrecoverableError`) when retrying cannot help, otherwise the capkit
 * error, which BullMQ retries as `attempts` allows.
 */
async function recordFailure(job: SolveJob, failure: SolveJobFailure, original?: CapSolverError): Promise<Error> {
  await job.updateData({ ...job.data, checkpoint: { ...job.data.checkpoint, failure } });
  if (!failure.retryable) return new SolveJobError(failure, { jobId: job.id, cause: original });
  if (original) return original;
  // A failure repeated from the checkpoint (the worker that decided it died): rebuild a capkit error.
  return new CapSolverError(failure.message, {
    code: failure.code,
    taskId: failure.taskId,
    queries: failure.queries,
    retryable: true,
  });
}
