import type { TaskType } from '@capkit/api';
import type { SnapshotFrom } from 'xstate';
import type { TaskMachine } from '../machine/taskMachine.js';
import type { SerializedTask, TaskProgress, TaskState } from './types.js';

/** A snapshot of a task actor. */
export type TaskSnapshot = SnapshotFrom<TaskMachine>;

/** The machine state of a snapshot (`waiting`, `ready`, …). */
export function stateOf(snapshot: TaskSnapshot): TaskState {
  return snapshot.value as TaskState;
}

/** The progress view of a snapshot at time `now`. */
export function toProgress(snapshot: TaskSnapshot, now: number): TaskProgress {
  const { context } = snapshot;
  const state = stateOf(snapshot);
  const createdAt = context.createdAt ?? now;
  return {
    state,
    status: context.lastStatus,
    taskId: context.taskId,
    queries: context.queries,
    maxQueries: context.limits.maxQueriesPerTask,
    elapsedMs: Math.max(0, now - createdAt),
    remainingMs: Math.max(0, createdAt + context.limits.taskLifetimeMs - now),
    nextPollAt: context.nextPollAt,
    done: snapshot.status !== 'active',
    error: context.error,
  };
}

/** The JSON-safe form of a snapshot (never the API key: the machine never holds it). */
export function serializeSnapshot(snapshot: TaskSnapshot, key: string): SerializedTask {
  const { context } = snapshot;
  const record: SerializedTask = { version: 1, key, queries: context.queries, state: stateOf(snapshot) };
  if (context.task !== undefined) record.task = context.task;
  if (context.taskType !== undefined) record.taskType = context.taskType;
  if (context.taskId !== undefined) record.taskId = context.taskId;
  if (context.createdAt !== undefined) record.createdAt = context.createdAt;
  if (context.lastStatus !== undefined) record.lastStatus = context.lastStatus;
  if (context.nextPollAt !== undefined) record.nextPollAt = context.nextPollAt;
  return record;
}

/** The type of a serialized task, from its `taskType` or its `task`. */
export function typeOfSerialized(serialized: SerializedTask): TaskType | undefined {
  return serialized.taskType ?? serialized.task?.type;
}
