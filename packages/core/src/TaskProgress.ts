import type { CapSolverError } from './errors/CapSolverError.js';

// Below the client and the policies: a policy that learns from progress (learned) reads it, and the
// client reports it, so neither layer imports the other.

/**
 * Where a task is in the service's lifecycle: the task machine's top-level states. `creating` while
 * `createTask` is in flight; `idle` (the service has it but has not started) and `processing` (it is
 * being solved), named after the status the service last reported; `ready` and `error` at the end.
 * Plus `queued`: the client's own state of a task that waits for a slot under `maxConcurrentTasks`
 * (nothing sent or stored yet; it moves on once a task ends).
 */
export type TaskState = 'queued' | 'creating' | 'idle' | 'processing' | 'ready' | 'error';

/** The client's step inside `idle` and `processing`: waiting for the next query, or a query in flight. */
export type TaskStep = 'waiting' | 'querying';

/** Where a task stands; given to `onProgress`, `subscribe` listeners and returned by `getSnapshot()`. */
export interface TaskProgress {
  /** The lifecycle state: `creating`, `idle`, `processing`, `ready` or `error` (or `queued`, before it starts). */
  state: TaskState;
  /** In `idle` and `processing`: `waiting` for the next query or `querying`; otherwise absent. */
  step?: TaskStep | undefined;
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
