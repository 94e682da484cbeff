import type { TaskStore } from '@capkit/core';
import { createJobTaskStore, type CheckpointJob } from './createJobTaskStore.js';

/** The store a solve job's task is kept in, and the signal that stops a task its job cannot record. */
export interface CheckpointStore {
  /** The job's {@link TaskStore} (see `createJobTaskStore`), reporting every failed write to `onError`. */
  store: TaskStore;
  /**
   * Aborted (with the Redis error as reason) when a record without task id could not be written.
   * Pass it into the task's `signal`: the task is then cancelled before its `createTask` leaves.
   */
  unrecorded: AbortSignal;
}

/**
 * The job's task store as the processor hands it to capkit (`SolveOptions.store`). capkit awaits
 * each write before the request it announces, but a failed write does not stop that request. For
 * queries that is tolerated (the job's count lags until a later write succeeds); for `createTask`
 * it is not: a worker dying after sending it would leave a job that looks never sent,
 * and the next attempt would pay again. So a failed record without task id aborts `unrecorded`.
 */
export function createCheckpointStore(job: CheckpointJob, onError: (error: unknown) => void): CheckpointStore {
  const jobStore = createJobTaskStore(job);
  const unrecorded = new AbortController();
  const reported = (error: unknown, stopCreate: boolean): never => {
    if (stopCreate) unrecorded.abort(error);
    onError(error);
    // Rethrown so capkit logs it too; the task goes on either way (or stops, through `unrecorded`).
    throw error;
  };
  return {
    store: {
      list: () => jobStore.list(),
      save: (record) => jobStore.save(record).catch((error: unknown) => reported(error, record.taskId === undefined)),
      remove: (key) => jobStore.remove(key).catch((error: unknown) => reported(error, false)),
    },
    unrecorded: unrecorded.signal,
  };
}
