/** Thrown by {@link readBodyLimited} when a body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

/** Thrown by {@link readBodyLimited} when a body did not arrive whole before its deadline. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Request body not received within ${timeoutMs} ms`);
  }
}

/**
 * Reads a body up to `limit` bytes and decodes it as UTF-8, stopping as soon as the limit is crossed
 * (an oversized upload costs at most `limit` bytes of memory) or the deadline passes (a client that
 * trickles its body, slow-loris style, holds the socket for `timeoutMs` at most).
 */
export async function readBodyLimited(
  chunks: AsyncIterable<Uint8Array>,
  limit: number,
  timeoutMs = Infinity,
): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline =
    timeoutMs === Infinity
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BodyTimeoutError(timeoutMs)), timeoutMs);
        });
  // The deadline's rejection is handled by the race; this keeps it from being reported unhandled.
  deadline?.catch(() => undefined);
  try {
    for (;;) {
      const next = deadline ? await Promise.race([iterator.next(), deadline]) : await iterator.next();
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limit) throw new BodyTooLargeError(limit);
      parts.push(next.value);
    }
  } catch (error) {
    // Stops the producer (the socket or the stream) when the body is refused part way. Not awaited:
    // a stalled producer may never settle.
    void iterator.return?.()?.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Adapts a web `ReadableStream` (typed without `Symbol.asyncIterator` in the DOM lib) to an async iterable. */
export async function* iterateStream(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the producer when the consumer bails out early (oversized body).
    await reader.cancel().catch(() => undefined);
  }
}
