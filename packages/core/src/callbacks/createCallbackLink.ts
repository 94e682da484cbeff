import type { TaskStep } from '../client/types.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import type { CallbackDelivery, CallbackReceiver } from './CallbackReceiver.js';

/**
 * Callbacks that may each wake a task into an immediate query. A genuine service sends one (or a
 * duplicate); the cap keeps anyone who learned the URL from spending the task's query budget.
 */
export const MAX_CALLBACK_WAKES = 3;

/** The link between one task and its callback URL (see {@link createCallbackLink}). */
export interface CallbackLink {
  /** The token to keep in the task's context (and so in its saved record). */
  readonly token: string;
  /** The URL to send with createTask. */
  readonly url: string;
  /** Hands deliveries to the task: `send` gets the `callback.received` event. */
  connect(send: (event: { type: 'callback.received'; result?: CallbackDelivery['result'] }) => void): void;
  /**
   * Tells the link where the task is at each step, inside `idle` / `processing` (`undefined` elsewhere):
   * a callback that came mid-query wakes it once it waits.
   */
  step(step: TaskStep | undefined): void;
  /** The task ended: stop listening, and tell a learning policy whether the callback came. */
  close(outcome: 'finished' | 'abandoned'): void;
}

/**
 * Opens a task's callback URL on `receiver` (again, for a saved `token`). A delivery wakes a
 * waiting task at once; one that arrives while a query is in flight (or before createTask has
 * answered) is kept and wakes the task when it next waits; once the task has ended, deliveries are
 * ignored (late). Duplicates after the task is awake cost nothing more than one query each, and no
 * more than {@link MAX_CALLBACK_WAKES} in all.
 */
export function createCallbackLink(
  receiver: CallbackReceiver,
  token: string | undefined,
  policy: PollPolicy,
): CallbackLink {
  let send: Parameters<CallbackLink['connect']>[0] | undefined;
  let step: TaskStep | undefined;
  let pending: CallbackDelivery | undefined;
  let wakes = 0;
  let received = false;
  let closed = false;

  const wake = (delivery: CallbackDelivery) => {
    if (!send || wakes >= MAX_CALLBACK_WAKES) return;
    wakes += 1;
    pending = undefined;
    send(delivery.result ? { type: 'callback.received', result: delivery.result } : { type: 'callback.received' });
  };
  const listener = receiver.listen((delivery) => {
    if (closed) return;
    received = true;
    if (step === 'waiting') wake(delivery);
    else pending = delivery;
  }, token);

  return {
    token: listener.token,
    url: listener.url,
    connect(sender) {
      send = sender;
    },
    step(next) {
      step = next;
      if (next === 'waiting' && pending) wake(pending);
    },
    close(outcome) {
      if (closed) return;
      closed = true;
      listener.close();
      if (outcome === 'finished') policy.observeCallback?.(received);
    },
  };
}
