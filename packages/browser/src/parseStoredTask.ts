import type { SerializedTask } from '@capkit/core';

/**
 * Every field of a {@link SerializedTask}, and nothing else: the only fields a record may carry into
 * Web Storage. `Record<keyof SerializedTask, true>` makes the compiler flag a field added in core.
 */
const FIELDS: Record<keyof SerializedTask, true> = {
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

/**
 * The record with only the known {@link SerializedTask} fields. Core never puts the API key in a
 * record; keeping to a list also means a future or foreign field (a `clientKey` added by mistake, a
 * debugging aid) can never be written to storage that page scripts and extensions can read.
 */
export function pickStoredFields(record: SerializedTask): SerializedTask {
  const picked: Record<string, unknown> = {};
  for (const field of Object.keys(FIELDS)) {
    const value = (record as unknown as Record<string, unknown>)[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked as unknown as SerializedTask;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OPTIONAL_TYPES: ReadonlyArray<[field: keyof SerializedTask, type: 'string' | 'number']> = [
  ['taskType', 'string'],
  ['taskId', 'string'],
  ['createdAt', 'number'],
  ['lastStatus', 'string'],
  ['nextPollAt', 'number'],
  ['callbackToken', 'string'],
];

/** Why a parsed value is not a record core can resume, or `undefined` when it is one. */
function problemOf(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (value.version !== 1) return `unsupported version ${JSON.stringify(value.version) ?? 'undefined'}`;
  // A record filed under another key could never be removed by `remove(record.key)`.
  if (value.key !== key) return 'its "key" does not match the storage key';
  if (typeof value.state !== 'string') return '"state" is not a string';
  if (!Number.isInteger(value.queries) || (value.queries as number) < 0)
    return '"queries" is not a non-negative integer';
  if (value.task !== undefined && !(isObject(value.task) && typeof value.task.type === 'string'))
    return '"task" has no "type"';
  for (const [field, type] of OPTIONAL_TYPES) {
    const fieldValue = value[field];
    if (
      fieldValue !== undefined &&
      (typeof fieldValue !== type || (type === 'number' && !Number.isFinite(fieldValue)))
    ) {
      return `"${field}" is not a ${type}`;
    }
  }
  return undefined;
}

/**
 * Reads one stored record: the {@link SerializedTask}, or a description of what is wrong with it.
 * The description never quotes the stored text (a task may hold proxy credentials).
 */
export function parseStoredTask(raw: string, key: string): { task: SerializedTask } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: 'not valid JSON' };
  }
  const problem = problemOf(value, key);
  return problem === undefined ? { task: pickStoredFields(value as unknown as SerializedTask) } : { problem };
}
