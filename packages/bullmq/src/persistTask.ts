import { AbortedError, type TaskHandle, type TaskProgress, type TaskStore } from '@capkit/core';

/** The writes of one task to its store, in order. */
export interface TaskPersistence {
  /** Resolves once every write queued so far is done (failed writes were reported to `onError`). */
  flush(): Promise<void>;
}

/**
 * Mirrors a running task into a {@link TaskStore}, as capkit does with a client-wide store: every new
 * serialized state is saved (after `createTask` returns, and around every query), in order, and the
 * task is removed once it ends for good (a cancelled task is kept: it can be resumed).
 *
 * Why here and not through `createClient({ store })`: the worker's client is shared by every job, but
 * each job needs its own store (the job itself). The record written before `createTask` is sent is
 * the caller's job (see `createSolveProcessor`), since it has to be awaited before `start()`.
 *
 * A failing write never fails the task (its solution is paid for); it is passed to `onError`.
 */
export function persistTask(handle: TaskHandle, store: TaskStore, onError: (error: unknown) => void): TaskPersistence {
  let tail: Promise<void> = Promise.resolve();
  let lastSaved: string | undefined;
  const push = (write: () => Promise<void>) => {
    tail = tail.then(write).catch(onError);
  };

  const onProgress = (progress: TaskProgress) => {
    if (progress.done) {
      unsubscribe();
      if (!(progress.error instanceof AbortedError)) push(() => store.remove(handle.key));
      return;
    }
    const record = handle.serialize();
    const json = JSON.stringify(record);
    if (json === lastSaved) return;
    lastSaved = json;
    push(() => store.save(record));
  };

  const unsubscribe = handle.subscribe(onProgress);
  // The state reached inside start()/resume() was emitted before anyone could subscribe.
  onProgress(handle.getSnapshot());
  return { flush: () => tail };
}
