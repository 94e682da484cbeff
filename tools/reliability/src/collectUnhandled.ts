/** What {@link collectUnhandled} caught. */
export interface UnhandledCollector {
  readonly rejections: unknown[];
  readonly exceptions: unknown[];
  /** Removes the listeners. */
  stop(): void;
}

/**
 * Records every unhandled promise rejection and uncaught exception of this process until `stop()`.
 * A client that drops a rejected promise somewhere (a timer, a store write, an aborted fetch) shows
 * up here even when every solve settled cleanly.
 *
 * @example
 * const unhandled = collectUnhandled();
 * await runSoak();
 * unhandled.stop();
 * expect(unhandled.rejections).toEqual([]);
 */
export function collectUnhandled(): UnhandledCollector {
  const rejections: unknown[] = [];
  const exceptions: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);
  const onException = (error: unknown) => void exceptions.push(error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    rejections,
    exceptions,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
