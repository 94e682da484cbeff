import type { InsufficientBalanceError } from '../errors/apiErrors.js';

/** A task waiting for a slot under `maxConcurrentTasks`. */
export interface QueuedTask {
  /** Starts the task (its slot is taken). */
  start(): void;
  /** Fails the task before it starts, for a task that would send createTask (the balance breaker opened). */
  refuse?: ((error: InsufficientBalanceError) => void) | undefined;
}

/**
 * The cap on concurrent tasks of a client (`maxConcurrentTasks`): a task takes a slot when its actor
 * starts and gives it back when it ends; a task started while every slot is taken waits in a queue, in
 * order (its progress state is `queued`, nothing is sent or stored for it yet).
 */
export interface TaskLimiter {
  /**
   * Starts `task` now if a slot is free (returns `undefined`), else queues it and returns the function
   * that takes it out of the queue again (cancelled, or failed while queued).
   */
  enter(task: QueuedTask): (() => void) | undefined;
  /** A task that held a slot has ended: the next queued one starts. */
  leave(): void;
  /** Every queued task, oldest first (for failing them at once when the balance breaker opens). */
  queued(): readonly QueuedTask[];
}

/** Creates the limiter of one client; `Infinity` never queues. */
export function createTaskLimiter(maxConcurrentTasks: number): TaskLimiter {
  // A Set keeps insertion order, and a cancelled task leaves it in O(1).
  const waiting = new Set<QueuedTask>();
  let running = 0;
  return {
    enter(task) {
      if (running < maxConcurrentTasks) {
        running += 1;
        task.start();
        return undefined;
      }
      waiting.add(task);
      return () => void waiting.delete(task);
    },
    leave() {
      running -= 1;
      const [next] = waiting;
      if (next === undefined) return;
      waiting.delete(next);
      running += 1;
      next.start();
    },
    queued: () => [...waiting],
  };
}
