import type { TaskOf, TaskType } from '@capkit/api';
import type { SerializedTask } from '@capkit/core';

/**
 * Per-job options, stored with the job in Redis (so they must be plain JSON).
 */
export interface SolveJobOptions {
  /**
   * Give up when the job is not solved this many ms after it was added (`job.timestamp`), whichever
   * worker runs it: the task is cancelled and the job fails with code `ABORTED` (no retry). A task
   * already created keeps its id in the failure (`taskId`); it was paid for.
   */
  timeoutMs?: number | undefined;
}

/**
 * The data of a solve job: the task, its options, and the worker's checkpoint (written by the
 * worker; never set it yourself).
 *
 * @typeParam T - the task type. `SolveJobData` alone is the union over every type, so a job typed by
 * one task type (`SolveJob<'AntiTurnstileTaskProxyLess'>`) fits wherever any solve job is expected.
 */
export type SolveJobData<T extends TaskType = TaskType> = { [K in T]: TaskJobData<K> }[T];

/** The data of a solve job of one task type (see {@link SolveJobData}). */
export interface TaskJobData<T extends TaskType> {
  /** The task to solve, exactly as `createTask` takes it. */
  task: TaskOf<T>;
  /** Per-job options. */
  options?: SolveJobOptions | undefined;
  /** Where the worker keeps the task's state between attempts and across workers. */
  checkpoint?: SolveJobCheckpoint | undefined;
}

/**
 * What the worker stores in the job so that another worker can continue it: the task's serialized
 * snapshot (capkit awaits its write before every request: `createTask`, each query and retry) and,
 * after a failed attempt, what went wrong.
 */
export interface SolveJobCheckpoint {
  /** The capkit snapshot of the task (task id, creation time, queries used, state). Never holds the API key. */
  snapshot?: SerializedTask | undefined;
  /** `true` once the task has ended (the store's `remove`): the snapshot is kept as proof that it was created. */
  settled?: boolean | undefined;
  /** The failure of an attempt, written just before the worker throws. */
  failure?: SolveJobFailure | undefined;
}

/** A failed attempt, as recorded in the job (plain JSON, readable by any producer or dashboard). */
export interface SolveJobFailure {
  /** The capkit error code: a service code (`ERROR_ZERO_BALANCE`) or a client code (`TASK_MAY_EXIST`). */
  code: string;
  /** The error message (redacted by capkit: never the API key). */
  message: string;
  /**
   * `true` when trying again may succeed (`ERROR_CAPTCHA_UNSOLVABLE`): BullMQ retries the job if
   * `attempts` allows. `false` when it cannot until someone acts (`ERROR_ZERO_BALANCE`,
   * `TASK_MAY_EXIST`): the worker threw a `SolveJobError` (an `UnrecoverableError`), no retry.
   */
  retryable: boolean;
  /** `true` when the next attempt resumes the same task instead of creating one. */
  resumable: boolean;
  /** The task the failure belongs to, when one was created. */
  taskId?: string | undefined;
  /** The `getTaskResult` queries the task had used. */
  queries?: number | undefined;
  /** `job.attemptsMade` when the failure was recorded (tells a finished attempt from an interrupted one). */
  attempt: number;
}

/**
 * The progress a solve job reports with `job.updateProgress` (and BullMQ's `progress` events):
 * the task's state, the queries used out of the budget, and the task id once known.
 */
export interface SolveJobProgress {
  /** The task's lifecycle state: `creating`, `idle`, `processing`, `ready` or `error` (core's `TaskState`). */
  state: string;
  /** In `idle` and `processing`: `waiting` for the next query or `querying` (core's `TaskStep`). */
  step?: string | undefined;
  /** The last status the service reported (`idle`, `processing`, `ready`). */
  status?: string | undefined;
  /** `getTaskResult` queries used so far (across workers, for a resumed task). */
  queries: number;
  /** The query budget of the task. */
  maxQueries: number;
  /** The service's task id, once `createTask` returned it. */
  taskId?: string | undefined;
}
