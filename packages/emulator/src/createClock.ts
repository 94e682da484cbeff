/**
 * The emulator's notion of time: real wall-clock milliseconds for timestamps, and a `timeScale` that
 * shrinks every service duration (solve times, the 5-minute lifetime, injected latency) so that long
 * scenarios run in a fraction of a second.
 */
export interface Clock {
  /** The factor applied to service durations (1 = real time, 0.01 = 100x faster). */
  readonly timeScale: number;
  /** Real epoch milliseconds. */
  now(): number;
  /** Converts a service duration to the real duration the emulator waits. */
  scale(serviceMs: number): number;
  /** Waits `realMs`; resolves `false` instead if the clock is disposed first (emulator closed). */
  sleep(realMs: number): Promise<boolean>;
  /** Cancels every pending sleep. */
  dispose(): void;
}

/** Creates a clock; `timeScale` must be a positive finite number. */
export function createClock(timeScale: number, now: () => number = Date.now): Clock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
    throw new RangeError(`timeScale must be a positive number, got ${String(timeScale)}`);
  }
  const pending = new Map<ReturnType<typeof setTimeout>, (elapsed: boolean) => void>();
  return {
    timeScale,
    now,
    scale: (serviceMs) => Math.max(0, Math.round(serviceMs * timeScale)),
    sleep: (realMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(
          () => {
            pending.delete(timer);
            resolve(true);
          },
          Math.max(0, realMs),
        );
        pending.set(timer, resolve);
      }),
    dispose: () => {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve(false);
      }
      pending.clear();
    },
  };
}
