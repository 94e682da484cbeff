import type { SnapshotFrom } from 'xstate';
import type { TaskMachine } from '../machine/taskMachine.js';
import { serializeSavedTask } from './savedTask.js';
import type { SerializedTask, TaskProgress, TaskState, TaskStep } from './types.js';

/** A snapshot of a task actor. */
export type TaskSnapshot = SnapshotFrom<TaskMachine>;

/** The lifecycle state of a snapshot: its top-level state (`idle` for `{ idle: 'waiting' }`). */
export function stateOf(snapshot: TaskSnapshot): TaskState {
  const { value } = snapshot;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as TaskState;
}

/** The step inside `idle` / `processing` (`waiting`, `querying`), or `undefined` in the other states. */
export function stepOf(snapshot: TaskSnapshot): TaskStep | undefined {
  const { value } = snapshot;
  return typeof value === 'string' ? undefined : (Object.values(value)[0] as TaskStep);
}

/** The progress view of a snapshot at time `now`. */
export function toProgress(snapshot: TaskSnapshot, now: number): TaskProgress {
  const { taskId, queries, limits, lastStatus, nextPollAt, error, createdAt = now } = snapshot.context;
  return {
    state: stateOf(snapshot),
    step: stepOf(snapshot),
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

/** The JSON-safe form of a snapshot (never the API key: the machine never holds it); the format is `savedTask.ts`'s. */
export function serializeSnapshot(snapshot: TaskSnapshot, key: string): SerializedTask {
  return serializeSavedTask(snapshot.context, key, stateOf(snapshot));
}
