import type { Redactor } from '@capkit/core';
import { usageError } from './CliError.js';

/** Where a value belongs, for the refusal: its field and what the user most likely mixed up. */
export interface SecretPlace {
  field: string;
  /** Completes "The API key was passed as …", e.g. "the task id: …". */
  hint: string;
}

/** A task id argument (`capkit result <taskId>`, `capkit feedback <taskId>`). */
export const TASK_ID_PLACE: SecretPlace = {
  field: 'taskId',
  hint: 'the task id: give the id createTask answered (capkit solve prints it), e.g. 37223a89-06ed-442c-a0b8-22067b79c5b4.',
};

/**
 * Refuses (exit 2, before any request) a value that holds the API key, or anything that looks like a
 * key (`clientKey=…`), where something else belongs: the key pasted as a task id, or swapped with the
 * base URL. The message never quotes the value, so the refusal cannot print the key it guards.
 *
 * @throws a usage error naming `place.field`.
 */
export function refuseSecret(value: string | undefined, place: SecretPlace, redactor: Redactor): void {
  if (value === undefined || !redactor.contains(value)) return;
  throw usageError(`The API key was passed as ${place.hint} Nothing was sent, and the value is not shown.`, {
    field: place.field,
    code: 'CAPKIT_KEY_MISPLACED',
  });
}
