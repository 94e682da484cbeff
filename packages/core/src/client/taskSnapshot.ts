import type { SnapshotFrom } from 'xstate';
import type { TaskMachine } from '../machine/taskMachine.js';
import { serializeSavedTask } from './savedTask.js';
import type { SerializedTask, TaskProgress, TaskState } from './types.js';

/** A snapshot of a task actor. */
export type TaskSnapshot = SnapshotFrom<TaskMachine>;

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

/** The JSON-safe form of a snapshot (never the API key: the machine never holds it); the format is `savedTask.ts`'s. */
export function serializeSnapshot(snapshot: TaskSnapshot, key: string): SerializedTask {
  return serializeSavedTask(snapshot.context, key, stateOf(snapshot));
}
