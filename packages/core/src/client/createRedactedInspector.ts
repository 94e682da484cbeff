import type { InspectionEvent } from 'xstate';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { Inspector } from './types.js';

type Loose = Record<string, unknown>;

/** The data-bearing parts of an inspection event (actor refs aside). */
function payloadOf(event: InspectionEvent): unknown[] {
  const loose = event as unknown as Loose;
  const snapshot = loose.snapshot as Loose | undefined;
  return [loose.event, loose.action, snapshot?.context, snapshot?.input, snapshot?.output, snapshot?.error];
}

/** A copy of the event with its data-bearing parts redacted (actor refs kept as they are). */
function redactedCopy(event: InspectionEvent, redactor: Redactor): InspectionEvent {
  const loose = { ...(event as unknown as Loose) };
  for (const field of ['event', 'action'] as const) if (field in loose) loose[field] = redactor.value(loose[field]);
  if (loose.snapshot && typeof loose.snapshot === 'object') {
    const snapshot = { ...(loose.snapshot as Loose) };
    for (const field of ['context', 'input', 'output', 'error'] as const) {
      if (field in snapshot) snapshot[field] = redactor.value(snapshot[field]);
    }
    loose.snapshot = snapshot;
  }
  return loose as unknown as InspectionEvent;
}

/**
 * Wraps an XState inspector so that it never sees the key. The machine never holds the key, so
 * events normally pass through untouched (tools such as @statelyai/inspect need the real actor
 * refs); an event that does carry a secret (a user put it in a task) is passed as a redacted copy.
 * A throwing inspector is logged and ignored.
 */
export function createRedactedInspector(inspector: Inspector, redactor: Redactor, logger: Logger): (event: InspectionEvent) => void {
  const next = typeof inspector === 'function' ? inspector : inspector.next?.bind(inspector);
  return (event) => {
    if (!next) return;
    try {
      next(redactor.contains(payloadOf(event)) ? redactedCopy(event, redactor) : event);
    } catch (error) {
      logger.warn('The inspector threw; its event was dropped', { error });
    }
  };
}
