import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineReply } from './reply.js';

/** A request body read by {@link readRequestBody}. */
export interface NodeRequestBody {
  /** The body as UTF-8 text (empty when oversized, or when the client went away mid-body). */
  body: string;
  /** The body was longer than the limit: it was drained, not kept. */
  oversized: boolean;
}

/**
 * Reads a node:http request body, for handing to `engine.handle()`. Past `limitBytes` it keeps
 * draining but stops buffering, so a huge body cannot exhaust memory. A client that gives up
 * mid-body yields an empty body (its socket is gone: nothing is answered anyway).
 */
export function readRequestBody(
  request: IncomingMessage,
  limitBytes = Number.POSITIVE_INFINITY,
): Promise<NodeRequestBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) oversized = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve({ body: oversized ? '' : Buffer.concat(chunks).toString('utf8'), oversized }));
    request.on('error', () => resolve({ body: '', oversized }));
  });
}

/**
 * Writes an engine's reply to a node:http response: a `reset` reply destroys the connection without
 * an answer; any other is sent with its status, headers and content length (unless the client is
 * already gone).
 */
export function sendReply(request: IncomingMessage, response: ServerResponse, reply: EngineReply): void {
  if (reply.type === 'reset') {
    request.socket.destroy();
    return;
  }
  if (response.destroyed) return;
  response.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}
