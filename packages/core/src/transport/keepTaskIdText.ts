/** `"taskId": <number>` in JSON text: the number exactly as the server wrote it. */
const NUMERIC_TASK_ID = /"taskId"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/**
 * A numeric `taskId` that `JSON.parse` could not keep exactly (above 2^53, or not an integer) is
 * replaced by its JSON text, so the id that is polled is the id the service issued, never a rounded
 * neighbour (another task). When the text cannot tell which digits were meant (two different numeric
 * `taskId`s), the field is dropped: the answer then lacks a task id, which the client reports as a
 * typed error (`TaskMayExistError` for createTask) instead of polling the wrong task.
 */
export function keepTaskIdText(parsed: Record<string, unknown>, text: string): void {
  const { taskId } = parsed;
  if (typeof taskId !== 'number' || Number.isSafeInteger(taskId)) return;
  const written = new Set(Array.from(text.matchAll(NUMERIC_TASK_ID), (match) => match[1]));
  const [only] = written;
  if (written.size === 1 && only !== undefined && /^\d+$/.test(only)) parsed.taskId = only;
  else delete parsed.taskId;
}
