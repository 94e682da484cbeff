import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted server does with one request. */
export type ScriptedReply =
  { status?: number; headers?: Record<string, string>; body?: string | object; delayMs?: number } | 'reset' | 'hang';

/** One request the server received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers each request as the script says: used where
 * the transport's edge cases (resets, hangs, HTML pages, broken JSON) must be produced exactly.
 */
export async function startScriptedServer(script: (request: ReceivedRequest, index: number) => ScriptedReply) {
  const received: ReceivedRequest[] = [];
  const open = new Set<IncomingMessage['socket']>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = { raw };
      }
      const request = { method: req.method ?? '', path: req.url ?? '', body, at: Date.now() };
      received.push(request);
      const reply = script(request, received.length - 1);
      if (reply === 'reset') return req.socket.destroy();
      if (reply === 'hang') return;
      const send = () => {
        const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL on which nothing listens (connections are refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
