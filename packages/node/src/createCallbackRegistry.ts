import type { CallbackDelivery } from '@capkit/core';

/**
 * Where a callback receiver keeps the tokens of listening tasks, and how a verified callback reaches
 * its task. The default ({@link createCallbackRegistry}) is this process's memory; `@capkit/bullmq`
 * has one over Redis, so that a callback reaches whichever worker holds the task.
 */
export interface CallbackRegistry {
  /** A task listens: `id` is the token's public half, `secret` the half that is checked. */
  add(id: string, secret: string, onCallback: (delivery: CallbackDelivery) => void): void | Promise<void>;
  /** The task stopped listening. */
  remove(id: string): void | Promise<void>;
  /** The secret stored for `id`, or undefined when no task listens with it. */
  secretOf(id: string): string | undefined | Promise<string | undefined>;
  /** Hands a verified callback to the task listening with `id` (wherever it runs). */
  deliver(id: string, delivery: CallbackDelivery): void | Promise<void>;
  /** Releases what the registry holds (connections). */
  close?(): void | Promise<void>;
}

/** The in-memory {@link CallbackRegistry}: tasks and the receiver in one process. */
export function createCallbackRegistry(): CallbackRegistry {
  const entries = new Map<string, { secret: string; onCallback: (delivery: CallbackDelivery) => void }>();
  return {
    add: (id, secret, onCallback) => void entries.set(id, { secret, onCallback }),
    remove: (id) => void entries.delete(id),
    secretOf: (id) => entries.get(id)?.secret,
    deliver: (id, delivery) => entries.get(id)?.onCallback(delivery),
  };
}
