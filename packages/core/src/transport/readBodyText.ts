/** The default largest answer the client reads: 1 MiB (a CapSolver answer is a few kB at most). */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

/** An answer body larger than the client accepts; it was not read to its end. */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';

  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/**
 * Reads a response body as UTF-8 text, but never more than `limit` bytes of it: a declared
 * `content-length` over the limit is refused before reading, and a streamed body is cancelled as soon
 * as it crosses the limit, so a hostile server cannot make the client buffer 200 MB.
 */
export async function readBodyText(response: Response, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(limit);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
}
