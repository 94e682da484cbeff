// Test helper: a tiny real HTTP server on 127.0.0.1:0 that records each request and answers with
// the next queued reply.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it arrived on the wire. */
export interface SeenRequest {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/** A running recording server. */
export interface RecordingServer {
  url: string;
  seen: SeenRequest[];
  /** Queues the answer to the next request (JSON unless `body` is a string). */
  reply(status: number, body: unknown, contentType?: string): void;
  reset(): void;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Starts a {@link RecordingServer}. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const seen: SeenRequest[] = [];
  const replies: { status: number; body: string; contentType: string }[] = [];
  const server = createServer(async (request, response) => {
    seen.push({
      method: request.method,
      url: request.url,
      contentType: request.headers['content-type'],
      body: await readJson(request),
    });
    const next = replies.shift() ?? { status: 500, body: 'no reply queued', contentType: 'text/plain' };
    response.writeHead(next.status, { 'content-type': next.contentType }).end(next.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    reply(status, body, contentType = 'application/json') {
      replies.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body), contentType });
    },
    reset() {
      seen.length = 0;
      replies.length = 0;
    },
    async close() {
      server.close();
      await once(server, 'close');
    },
  };
}
