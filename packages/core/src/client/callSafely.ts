import type { Logger } from '../logger.js';

/**
 * Calls a caller-supplied callback (a listener, an inspector, a policy's `track`): a throw is logged
 * as a warning (`message`, with the error) and never breaks the task.
 */
export function callSafely<A, R>(
  logger: Logger,
  message: string,
  callback: ((arg: A) => R) | undefined,
  arg: A,
): R | undefined {
  try {
    return callback?.(arg);
  } catch (error) {
    logger.warn(message, { error });
    return undefined;
  }
}
