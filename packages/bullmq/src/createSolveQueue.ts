import type { Task } from '@capkit/api';
import type { SolveResult } from '@capkit/core';
import { Queue, QueueEvents, type ConnectionOptions, type JobsOptions, type QueueOptions } from 'bullmq';
import type { SolveJob } from './createSolveProcessor.js';
import { getSolveJobError } from './getSolveJobError.js';
import type { SolveJobData, SolveJobOptions } from './types.js';

/** Options of {@link createSolveQueue}: BullMQ's `QueueOptions` plus the queue name. */
export interface SolveQueueOptions extends Omit<QueueOptions, 'connection'> {
  /** The Redis connection (ioredis options or instance). */
  connection: ConnectionOptions;
  /** The queue name (the same as `createSolveWorker`'s). */
  name: string;
}

/** One entry of {@link SolveQueue.addBulk}. */
export interface SolveJobEntry<T extends Task = Task> {
  task: T;
  options?: SolveJobOptions | undefined;
  jobOptions?: JobsOptions | undefined;
}

/** Options of {@link SolveQueue.solve}. */
export interface SolveWaitOptions extends SolveJobOptions {
  /** BullMQ options of the job (`attempts`, `backoff`, `priority` …). */
  jobOptions?: JobsOptions | undefined;
  /** Stop waiting after this many ms (the job itself goes on). Default: wait until it finishes. */
  waitTimeoutMs?: number | undefined;
}

/** A queue of solve jobs. */
export interface SolveQueue {
  /** The queue name. */
  readonly name: string;
  /** The underlying BullMQ queue (counts, pause, clean, `getJob` …). */
  readonly queue: Queue<SolveJobData, SolveResult, string>;
  /**
   * Enqueues one task; the job is named after the task type. Its return value will be the
   * {@link SolveResult} of that type.
   */
  add<T extends Task>(task: T, options?: SolveJobOptions, jobOptions?: JobsOptions): Promise<SolveJob<T['type']>>;
  /** Enqueues many tasks in one round trip. */
  addBulk(entries: readonly SolveJobEntry[]): Promise<SolveJob[]>;
  /**
   * Enqueues a task and waits until a worker has solved it (through BullMQ `QueueEvents`). Rejects
   * with a {@link SolveJobError} carrying the capkit code once the job has failed for good.
   */
  solve<T extends Task>(task: T, options?: SolveWaitOptions): Promise<SolveResult<T['type']>>;
  /** Closes the queue and, if `solve` opened it, the `QueueEvents` connection. */
  close(): Promise<void>;
}

/**
 * Creates a queue of capkit solve jobs (`{ task, options }`), typed by task type.
 *
 * @example
 * ```ts
 * const queue = createSolveQueue({ connection: { host: '127.0.0.1', port: 6379 }, name: 'captcha' });
 * const job = await queue.add({ type: 'AntiTurnstileTaskProxyLess', websiteURL, websiteKey }, {}, { attempts: 3 });
 * const { solution } = await queue.solve({ type: 'AntiTurnstileTaskProxyLess', websiteURL, websiteKey });
 * ```
 */
export function createSolveQueue(options: SolveQueueOptions): SolveQueue {
  const { name, ...queueOptions } = options;
  const queue = new Queue<SolveJobData, SolveResult, string>(name, queueOptions);
  let events: Promise<QueueEvents> | undefined;

  // One QueueEvents (a blocking connection) for every solve() of this queue, opened on first use.
  const queueEvents = () => {
    events ??= (async () => {
      const opened = new QueueEvents(name, { connection: options.connection, prefix: options.prefix });
      await opened.waitUntilReady();
      return opened;
    })();
    return events;
  };

  const add = <T extends Task>(task: T, jobOptions?: SolveJobOptions, bullOptions?: JobsOptions) =>
    queue.add(task.type, toData(task, jobOptions), bullOptions) as Promise<SolveJob<T['type']>>;

  return {
    name,
    queue,
    add,
    addBulk: (entries) =>
      queue.addBulk(
        entries.map((entry) => ({
          name: entry.task.type,
          data: toData(entry.task, entry.options),
          opts: entry.jobOptions,
        })),
      ),
    async solve<T extends Task>(task: T, waitOptions: SolveWaitOptions = {}) {
      const { jobOptions, waitTimeoutMs, ...solveOptions } = waitOptions;
      // Listening before the job exists, so its completion cannot be missed.
      const listener = await queueEvents();
      const job = await add(task, solveOptions, jobOptions);
      // Each wait listens for the queue's `closing`; many concurrent solves are normal, not a leak.
      queue.setMaxListeners(queue.getMaxListeners() + 1);
      try {
        return await job.waitUntilFinished(listener, waitTimeoutMs);
      } catch (error) {
        const failed = job.id === undefined ? undefined : await queue.getJob(job.id);
        throw (failed && getSolveJobError(failed)) ?? error;
      } finally {
        queue.setMaxListeners(queue.getMaxListeners() - 1);
      }
    },
    async close() {
      const opened = events;
      events = undefined;
      await Promise.all([queue.close(), opened?.then((listener) => listener.close())]);
    },
  };
}

function toData(task: Task, options: SolveJobOptions | undefined): SolveJobData {
  // A Task is a TaskOf<its own type>; TypeScript cannot see through that Extract, hence the cast.
  const data = (options === undefined ? { task } : { task, options }) as SolveJobData;
  return data;
}
