import { SavedTaskError } from '../errors/SavedTaskError.js';
import { migrateSavedState, SAVED_TASK_VERSION } from '../machine/migrateSavedState.js';
import type { TaskContext, TaskMachineInput } from '../machine/taskMachineTypes.js';
import type { SerializedTask } from './types.js';

/**
 * The saved-task record format in one place: the fields of a {@link SerializedTask}, how a record is
 * read back (validated, each problem a {@link SavedTaskError} naming the field), what machine input
 * it resumes as, and how one is written. Used by `resume()`, and by every store that reads records
 * back (`@capkit/node`'s `fileStore`, `@capkit/browser`'s `webStorageStore`, `@capkit/bullmq`'s job
 * store), so a record is judged the same way wherever it was kept.
 */

/** Every field of a {@link SerializedTask}, and nothing else (the compiler flags a field added to the type). */
export const SAVED_TASK_FIELDS: Readonly<Record<keyof SerializedTask, true>> = {
  version: true,
  key: true,
  task: true,
  taskType: true,
  taskId: true,
  createdAt: true,
  queries: true,
  state: true,
  lastStatus: true,
  nextPollAt: true,
  callbackToken: true,
};

/** The record fields that are machine context fields of the same name (all but version, key, queries, state). */
export const PERSISTED_FIELDS = [
  'task',
  'taskType',
  'taskId',
  'createdAt',
  'lastStatus',
  'nextPollAt',
  'callbackToken',
] as const satisfies ReadonlyArray<keyof TaskContext & keyof SerializedTask>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An epoch-ms time: a finite number, not negative. */
const isTime = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Options of {@link parseSavedTask}. */
export interface ParseSavedTaskOptions {
  /** The key the record was filed under: a record under another key could never be removed by `remove(record.key)`. */
  key?: string | undefined;
}

/**
 * Validates a saved record and returns it with only the {@link SerializedTask} fields. Throws a
 * {@link SavedTaskError} naming the first wrong field: a `createdAt` that is not a time (a string
 * would disable the lifetime check), `queries` that are not a non-negative integer (a negative count
 * would overrun the budget), a `taskId` without `createdAt`, a `nextPollAt` that is not a time, etc.
 */
export function parseSavedTask(value: unknown, options: ParseSavedTaskOptions = {}): SerializedTask {
  if (!isObject(value)) throw new SavedTaskError('record', 'is not an object');
  if (value.version !== 1 && value.version !== SAVED_TASK_VERSION)
    throw new SavedTaskError('version', `is not 1 or ${SAVED_TASK_VERSION}`);
  if (typeof value.key !== 'string' || value.key === '') throw new SavedTaskError('key', 'is not a non-empty string');
  if (options.key !== undefined && value.key !== options.key)
    throw new SavedTaskError('key', 'does not match the key it was filed under');
  if (typeof value.state !== 'string') throw new SavedTaskError('state', 'is not a string');
  if (!Number.isSafeInteger(value.queries) || Number(value.queries) < 0)
    throw new SavedTaskError('queries', 'is not a non-negative integer');
  if (value.task !== undefined) {
    if (!isObject(value.task)) throw new SavedTaskError('task', 'is not an object');
    if (typeof value.task.type !== 'string') throw new SavedTaskError('task.type', 'is not a string');
  }
  for (const field of ['taskType', 'lastStatus', 'callbackToken'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string')
      throw new SavedTaskError(field, 'is not a string');
  }
  if (value.taskId !== undefined && (typeof value.taskId !== 'string' || value.taskId === ''))
    throw new SavedTaskError('taskId', 'is not a non-empty string');
  for (const field of ['createdAt', 'nextPollAt'] as const) {
    if (value[field] !== undefined && !isTime(value[field]))
      throw new SavedTaskError(field, 'is not a time (epoch ms, a finite number)');
  }
  // The lifetime is counted from createdAt: a known task without it could be polled forever.
  if (value.taskId !== undefined && value.createdAt === undefined)
    throw new SavedTaskError('createdAt', 'is missing, and a record with a taskId needs it');
  // A version 1 record (older state names) reads as the current version.
  const state = migrateSavedState(value.version, value.state, value.lastStatus as string | undefined);
  return pickSavedFields({ ...value, version: SAVED_TASK_VERSION, state });
}

/**
 * The record with only the {@link SerializedTask} fields that are set: a future or foreign field (a
 * `clientKey` added by mistake, a debugging aid) is never written to, or read from, a store.
 */
export function pickSavedFields(record: object): SerializedTask {
  const picked: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (Object.hasOwn(SAVED_TASK_FIELDS, field) && value !== undefined) picked[field] = value;
  }
  return picked as unknown as SerializedTask;
}

/** The machine input a validated record resumes as: never created again, with its stored count and times. */
export function toMachineInput(record: SerializedTask): TaskMachineInput {
  const input: TaskMachineInput = { queries: record.queries, resumed: true };
  for (const field of PERSISTED_FIELDS) {
    if (record[field] !== undefined) Object.assign(input, { [field]: record[field] });
  }
  return input;
}

/** A record from the machine context's persisted fields (never the API key: the machine never holds it). */
export function serializeSavedTask(
  context: { queries: number } & Partial<Pick<SerializedTask, (typeof PERSISTED_FIELDS)[number]>>,
  key: string,
  state: string,
): SerializedTask {
  return pickSavedFields({
    version: SAVED_TASK_VERSION,
    key,
    queries: context.queries,
    state,
    ...pickPersisted(context),
  });
}

function pickPersisted(context: Partial<Record<(typeof PERSISTED_FIELDS)[number], unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PERSISTED_FIELDS) if (context[field] !== undefined) out[field] = context[field];
  return out;
}
