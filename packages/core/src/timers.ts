/**
 * The timer functions the client uses (XState's `clock` interface). Default: the global
 * `setTimeout` / `clearTimeout`, looked up at each call so fake timers installed later still apply.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, resolved lazily. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
