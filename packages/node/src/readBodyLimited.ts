/** Thrown by {@link readBodyLimited} when a body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

/**
 * Reads a request body up to `limit` bytes and decodes it as UTF-8, stopping as soon as the limit is
 * crossed so an oversized upload costs at most `limit` bytes of memory.
 */
export async function readBodyLimited(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    parts.push(chunk);
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
