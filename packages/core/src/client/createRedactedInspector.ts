import { toObserver, type InspectionEvent } from 'xstate';
import type { Logger } from '../logger.js';
import { callSafely } from './callSafely.js';
import type { Inspector } from './types.js';

/**
 * Wraps an XState inspector so that it never sees the key. The machine never holds the key, so
 * events normally pass through untouched (tools such as @statelyai/inspect need the real actor
 * refs); an event that does carry a secret (a user put it in a task) is passed as a redacted copy,
 * whose plain data is scrubbed while actor refs and other class instances are kept as they are
 * (`scrubbed`: the task's `redactor.value` for data that `redactor.contains` a secret, else the data
 * itself). A throwing inspector is logged and ignored.
 */
export function createRedactedInspector(
  inspector: Inspector,
  scrubbed: <T>(value: T) => T,
  logger: Logger,
): (event: InspectionEvent) => void {
  const { next } = toObserver(inspector);
  return (event) => void callSafely(logger, 'The inspector threw', next, scrubbed(event));
}
