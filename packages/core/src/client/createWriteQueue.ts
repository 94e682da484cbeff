import type { Logger } from '../logger.js';

/** Runs async writes one after another, in the order they were queued. */
export interface WriteQueue {
  /** Queues a write; a failing write is logged and does not stop the ones after it. */
  push(write: () => Promise<void>): void;
  /** Resolves once every write queued so far has finished. */
  flush(): Promise<void>;
}

/**
 * A per-task write queue: a slow store never reorders a task's writes (a `remove` can never be
 * overtaken by an older `save`), and a failing store never fails the task.
 */
export function createWriteQueue(logger: Logger, what: string): WriteQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    push(write) {
      tail = tail.then(write).catch((error: unknown) => {
        logger.warn(`${what}: a store write failed (the task goes on)`, { error });
      });
    },
    flush: () => tail,
  };
}
