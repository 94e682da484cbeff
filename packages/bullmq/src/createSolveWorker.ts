import type { CapSolverClient, PollPolicy, SolveResult } from '@capkit/core';
import { Worker, type ConnectionOptions, type WorkerOptions } from 'bullmq';
import { createSolveProcessor } from './createSolveProcessor.js';
import type { SolveJobData } from './types.js';

/** A BullMQ worker of a solve queue: every BullMQ `Worker` method and event works on it. */
export type SolveWorker = Worker<SolveJobData, SolveResult, string>;

/** Options of {@link createSolveWorker}: BullMQ's `WorkerOptions` plus the queue name and the client. */
export interface SolveWorkerOptions extends Omit<WorkerOptions, 'connection' | 'name'> {
  /** The Redis connection (ioredis options or instance). A worker's connection needs `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions;
  /** The queue name (the same as `createSolveQueue`'s). */
  name: string;
  /** The capkit client that solves the tasks. Give it no `store`: each job is its own task's store. */
  client: CapSolverClient;
  /**
   * Jobs this worker runs at once. A solve mostly waits between polls, so one process can run many
   * (tens to hundreds); BullMQ's default is 1.
   */
  concurrency?: number | undefined;
  /** The poll policy of every task, instead of the client's. */
  pollPolicy?: PollPolicy | undefined;
  /** BullMQ's worker name, stored on each job it processes (`job.processedBy`). */
  workerName?: string | undefined;
}

/**
 * Starts a BullMQ worker that solves the jobs of a solve queue with a capkit client. Each job's task
 * is checkpointed into the job, so when a worker dies, BullMQ's stalled-job check hands the job to
 * another worker, which resumes the same task (same id, query count and lifetime) instead of paying
 * for a new one. Checkpoint and progress write failures are emitted as `error` events (a process
 * warning when nobody listens); the task goes on, except that a task whose record could not be written
 * before `createTask` sends nothing (the attempt fails with the Redis error and BullMQ retries it).
 *
 * @example
 * ```ts
 * const worker = createSolveWorker({ connection, name: 'captcha', client, concurrency: 50 });
 * worker.on('failed', (job, error) => console.error(job?.id, error.message));
 * ```
 */
export function createSolveWorker(options: SolveWorkerOptions): SolveWorker {
  const { name, client, pollPolicy, workerName, ...workerOptions } = options;
  const processor = createSolveProcessor({
    client,
    pollPolicy,
    onError: (error) => {
      const reported = error instanceof Error ? error : new Error(String(error));
      // An 'error' event nobody listens to would throw; a warning is visible and harmless.
      if (worker.listenerCount('error') > 0) worker.emit('error', reported);
      else process.emitWarning(reported);
    },
  });
  const worker: SolveWorker = new Worker<SolveJobData, SolveResult, string>(name, processor, {
    ...workerOptions,
    ...(workerName === undefined ? {} : { name: workerName }),
  });
  return worker;
}
