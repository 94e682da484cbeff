import type { CapSolverError } from './errors/CapSolverError.js';

// Below the client and the policies: a policy that learns from progress (learned) reads it, and the
// client reports it, so neither layer imports the other.

/**
 * The states of the task machine, plus `queued`: the client's own state of a task that waits for a slot
 * under `maxConcurrentTasks` (nothing sent or stored yet; it moves on to `starting` once a task ends).
 */
export type TaskState = 'queued' | 'starting' | 'creating' | 'waiting' | 'querying' | 'ready' | 'error';

/** Where a task stands; given to `onProgress`, `subscribe` listeners and returned by `getSnapshot()`. */
export interface TaskProgress {
  state: TaskState;
  /** The last status the service reported. */
  status?: string | undefined;
  taskId?: string | undefined;
  /** Queries used so far. */
  queries: number;
  /** The query budget (`maxQueriesPerTask`). */
  maxQueries: number;
  /** Wall-clock ms since creation. */
  elapsedMs: number;
  /** Wall-clock ms left of the result lifetime. */
  remainingMs: number;
  /** When the next query is due (epoch ms), while waiting. */
  nextPollAt?: number | undefined;
  /** `true` once the task is `ready` or `error`. */
  done: boolean;
  /** The error, in state `error`. */
  error?: CapSolverError | undefined;
}
