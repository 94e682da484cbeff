import type { Task, TaskType } from '@capkit/api';
import type { ActorRef, Snapshot } from 'xstate';
import type { CallbackDelivery } from '../callbacks/CallbackReceiver.js';
import type { CapSolverError } from '../errors/CapSolverError.js';
import type { Limits } from '../limits.js';

/**
 * The task machine's context: everything needed to continue a task, in plain data. Deadlines are
 * derived from it (`createdAt + taskLifetimeMs`, `queries` against `maxQueriesPerTask`), never held in
 * timers, so a task restored from a serialized copy continues with its remaining budget and lifetime.
 */
export interface TaskContext {
  /** The task as sent to `createTask` (absent for tasks followed with `waitForResult`). */
  task: Task | undefined;
  /** The task's type, when known. */
  taskType: TaskType | undefined;
  /** The service's id for the task, once `createTask` returned it. */
  taskId: string | undefined;
  /** Wall-clock ms (client `now()`) when `createTask` was sent: the start of the lifetime. */
  createdAt: number | undefined;
  /** `getTaskResult` requests sent, including transport retries and queries whose outcome is unknown. */
  queries: number;
  /** The last status the service reported. */
  lastStatus: string | undefined;
  /** When the next query is due (epoch ms), while waiting. */
  nextPollAt: number | undefined;
  /** The wait the service asked for after a rate limit, applied to the next delay. */
  retryAfterMs: number | undefined;
  /** The limits this task lives by. */
  limits: Limits;
  /** `true` when the task was restored from a serialized copy: it is never created again. */
  resumed: boolean;
  /** The solution, once `ready`. */
  solution: unknown;
  /** The error the task ended with. */
  error: CapSolverError | undefined;
  /** The last transient query failure (kept as the cause when the budget or lifetime runs out). */
  lastFailure: CapSolverError | undefined;
  /** The secret token of the task's callback URL, when it expects a callback (saved, so a resumed task listens again). */
  callbackToken: string | undefined;
}

/** What a task machine starts from: a new task, or the state of an existing one. */
export interface TaskMachineInput {
  /** The task to create. Without `taskId`, the machine sends it with `createTask`. */
  task?: Task | undefined;
  /** The task type (taken from `task` when absent). */
  taskType?: TaskType | undefined;
  /** Overrides of the default limits (or complete limits). */
  limits?: Partial<Limits> | undefined;
  /** An existing task's id: the machine starts polling it. */
  taskId?: string | undefined;
  /** When the existing task was created (epoch ms). Required with `taskId`. */
  createdAt?: number | undefined;
  /** Queries the existing task has already used. */
  queries?: number | undefined;
  /** The existing task's last known status. */
  lastStatus?: string | undefined;
  /** When the existing task's next query was due. */
  nextPollAt?: number | undefined;
  /** Restored from a serialized copy: never create. Without a `taskId` the task ends with `TaskMayExistError`. */
  resumed?: boolean | undefined;
  /** The token of the task's callback URL (see `CallbackReceiver`), when it expects a callback. */
  callbackToken?: string | undefined;
}

/** The events a task machine accepts from outside (plus the `createTask` / `getTaskResult` actor events). */
export type TaskEvent =
  /** Stop now: the in-flight request is aborted and the task ends with `AbortedError`. */
  | { type: 'cancel'; reason?: unknown }
  /** Sent by the `getTaskResult` actor before each transport retry: the retry counts against the budget. */
  | { type: 'query.retried' }
  /**
   * A callback for this task arrived: a waiting task queries at once, or, with a trusted `ready`
   * result for its own taskId, is ready without a query. Ignored in every other state.
   */
  | { type: 'callback.received'; result?: CallbackDelivery['result'] };

/** The input of the `createTask` actor. */
export interface CreateTaskInput {
  task: Task;
  /** The task machine that invoked the actor. */
  parent: ActorRef<Snapshot<unknown>, TaskEvent>;
}

/** The output of the `createTask` actor: a task id (async tasks) and/or an inline solution (sync tasks). */
export interface CreateTaskOutput {
  taskId: string | undefined;
  status: string | undefined;
  solution: unknown;
}

/** The input of the `getTaskResult` actor. */
export interface GetTaskResultInput {
  taskId: string;
  /** How many HTTP requests this query may use, counting transport retries (the rest of the budget). */
  maxAttempts: number;
  /** No request may be sent after this moment (epoch ms): the end of the lifetime. */
  notAfter: number;
  /** The task machine; the actor sends it `{ type: 'query.retried' }` before each retry. */
  parent: ActorRef<Snapshot<unknown>, TaskEvent>;
}

/** The output of the `getTaskResult` actor: the reported status, and the solution when `ready`. */
export interface GetTaskResultOutput {
  status: string;
  solution: unknown;
}
