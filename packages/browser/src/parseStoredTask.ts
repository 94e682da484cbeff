import { parseSavedTask, pickSavedFields, SavedTaskError, type SerializedTask } from '@capkit/core';

/**
 * The record with only the known {@link SerializedTask} fields (core's `pickSavedFields`). Core never
 * puts the API key in a record; keeping to the list also means a future or foreign field (a
 * `clientKey` added by mistake, a debugging aid) can never be written to storage that page scripts
 * and extensions can read.
 */
export const pickStoredFields = (record: SerializedTask): SerializedTask => pickSavedFields(record);

/**
 * Reads one stored record with core's `parseSavedTask` (the one saved-task format): the
 * {@link SerializedTask}, or what is wrong with it, naming the field. The description never quotes
 * the stored text (a task may hold proxy credentials).
 */
export function parseStoredTask(raw: string, key: string): { task: SerializedTask } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: 'not valid JSON' };
  }
  try {
    return { task: parseSavedTask(value, { key }) };
  } catch (error) {
    if (error instanceof SavedTaskError) return { problem: error.message };
    throw error;
  }
}
