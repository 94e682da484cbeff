import type { SnapshotFrom } from 'xstate';
import type { TaskMachine } from '../machine/taskMachine.js';
import type { TaskContext } from '../machine/taskMachineTypes.js';
import type { SerializedTask, TaskProgress, TaskState } from './types.js';

/** A snapshot of a task actor. */
export type TaskSnapshot = SnapshotFrom<TaskMachine>;

/** The context fields a {@link SerializedTask} carries (under the same names), when set. */
export const PERSISTED_FIELDS = [
  'task',
  'taskType',
  'taskId',
  'createdAt',
  'lastStatus',
  'nextPollAt',
  'callbackToken',
] as const satisfies ReadonlyArray<keyof TaskContext & keyof SerializedTask>;

/** The machine state of a snapshot (`waiting`, `ready`, …). */
export const stateOf = (snapshot: TaskSnapshot): TaskState => snapshot.value as TaskState;

/** The progress view of a snapshot at time `now`. */
export function toProgress(snapshot: TaskSnapshot, now: number): TaskProgress {
  const { taskId, queries, limits, lastStatus, nextPollAt, error, createdAt = now } = snapshot.context;
  return {
    state: stateOf(snapshot),
    status: lastStatus,
    taskId,
    queries,
    maxQueries: limits.maxQueriesPerTask,
    elapsedMs: Math.max(0, now - createdAt),
    remainingMs: Math.max(0, createdAt + limits.taskLifetimeMs - now),
    nextPollAt,
    done: snapshot.status !== 'active',
    error,
  };
}

/** The JSON-safe form of a snapshot (never the API key: the machine never holds it). */
export function serializeSnapshot(snapshot: TaskSnapshot, key: string): SerializedTask {
  const { context } = snapshot;
  const record: Record<string, unknown> = { version: 1, key, queries: context.queries, state: stateOf(snapshot) };
  for (const field of PERSISTED_FIELDS) if (context[field] !== undefined) record[field] = context[field];
  return record as unknown as SerializedTask;
}
