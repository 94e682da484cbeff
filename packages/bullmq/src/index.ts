/**
 * `@capkit/bullmq`: scale capkit solves out on BullMQ + Redis. Jobs carry a task; workers solve it
 * with a capkit client and checkpoint the task into the job, so a worker that dies hands its jobs to
 * another worker, which resumes the same tasks instead of paying for new ones.
 * @packageDocumentation
 */
export {
  createSolveQueue,
  type SolveJobEntry,
  type SolveQueue,
  type SolveQueueOptions,
  type SolveWaitOptions,
} from './createSolveQueue.js';
export { createSolveWorker, type SolveWorker, type SolveWorkerOptions } from './createSolveWorker.js';
export {
  createSolveProcessor,
  type SolveJob,
  type SolveProcessor,
  type SolveProcessorOptions,
} from './createSolveProcessor.js';
export { createJobTaskStore, type CheckpointJob } from './createJobTaskStore.js';
export { getSolveJobError, type FailedJob } from './getSolveJobError.js';
export { SolveJobError } from './SolveJobError.js';
export {
  createRedisCallbackRegistry,
  type RedisCallbackRegistry,
  type RedisCallbackRegistryOptions,
} from './createRedisCallbackRegistry.js';
export type {
  SolveJobCheckpoint,
  SolveJobData,
  SolveJobFailure,
  SolveJobOptions,
  SolveJobProgress,
  TaskJobData,
} from './types.js';
