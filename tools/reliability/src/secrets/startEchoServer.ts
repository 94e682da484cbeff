import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The ways the echo server hands the request (and so the key) back. */
export const ECHO_MODES = ['json400', 'json200', 'html502', 'text200', 'header429'] as const;

/** One of {@link ECHO_MODES}. */
export type EchoMode = (typeof ECHO_MODES)[number];

/** A server that answers with whatever it was sent. */
export interface EchoServer {
  url: string;
  mode: EchoMode;
  close(): Promise<void>;
}

/**
 * A careless upstream (a debugging proxy, a CDN error page, a misconfigured gateway) that echoes the
 * request body, `clientKey` included, back in its answer: in an error envelope's description, in a
 * success envelope, in an HTML page, as plain text, in a header. The client must scrub the key from
 * every error, log line and snapshot it builds from such an answer.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const state = { mode: 'json400' as EchoMode };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        // Echoed as text then.
      }
      const key =
        typeof (parsed as { clientKey?: unknown })?.clientKey === 'string'
          ? (parsed as { clientKey: string }).clientKey
          : '';
      switch (state.mode) {
        case 'json400':
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              errorId: 1,
              errorCode: 'ERROR_INVALID_TASK_DATA',
              errorDescription: `bad request: ${body} (key ${key})`,
            }),
          );
          return;
        case 'json200':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              errorId: 0,
              taskId: 'echo-task',
              status: 'processing',
              balance: 1,
              packages: [],
              echo: parsed,
              note: `for ${key}`,
            }),
          );
          return;
        case 'html502':
          response.writeHead(502, { 'content-type': 'text/html' });
          response.end(`<html><body><h1>502 Bad Gateway</h1><pre>${key} ${body}</pre></body></html>`);
          return;
        case 'text200':
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end(`${key} received: ${body}`);
          return;
        case 'header429':
          response.writeHead(429, { 'retry-after': key, 'x-echo-key': key, 'content-type': 'text/plain' });
          response.end(`slow down, ${key}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: EchoMode) {
      state.mode = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
