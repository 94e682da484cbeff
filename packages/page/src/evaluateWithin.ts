import type { FrameDriver } from './PageDriver.js';

/** How long a frame may take to answer one script (scan or injection) unless `frameTimeoutMs` says otherwise. */
export const DEFAULT_FRAME_TIMEOUT_MS = 5000;

/** The frame did not answer a script in time (a busy or hostile page): the caller decides what that means. */
export class FrameTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the frame did not answer within ${ms} ms`);
  }
}

/**
 * `frame.evaluate(expression)`, rejected with {@link FrameTimeout} after `ms`: a page that never lets a script
 * finish (a callback in an endless loop, a promise that never settles) cannot hold the caller forever.
 */
export async function evaluateWithin(frame: FrameDriver, expression: string, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new FrameTimeout(ms)), ms);
  });
  try {
    return await Promise.race([frame.evaluate(expression), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
