import type { Timers } from '../timers.js';

/**
 * Calls `listener` once `signal` aborts (at once when it already has). Returns the function that
 * stops listening.
 */
export function whenAborted(signal: AbortSignal | null | undefined, listener: () => void): () => void {
  if (signal?.aborted) listener();
  else signal?.addEventListener('abort', listener, { once: true });
  return () => signal?.removeEventListener('abort', listener);
}

/**
 * Waits `ms` on the given timers. Rejects with the signal's reason as soon as it aborts, and clears
 * its timer then, so a cancelled wait leaves nothing behind.
 */
export function sleep(ms: number, timers: Timers, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const handle = timers.setTimeout(() => {
      stop();
      resolve();
    }, ms);
    const stop = whenAborted(signal, () => {
      timers.clearTimeout(handle);
      reject(signal?.reason);
    });
  });
}
