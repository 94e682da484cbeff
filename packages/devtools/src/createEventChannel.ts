import type { ServerResponse } from 'node:http';

/** Server-Sent Events fan-out: every connected page receives every message. */
export interface EventChannel {
  /** Takes over a response as an event stream and sends it `initial` first. */
  attach(response: ServerResponse, initial: { event: string; data: unknown }[]): void;
  send(event: string, data: unknown): void;
  /** Ends every stream (the pages' EventSource would reconnect; the server is closing). */
  close(): void;
}

/**
 * A minimal SSE channel. A comment line every `heartbeatMs` keeps idle connections from being cut
 * by proxies and lets the server notice pages that went away.
 */
export function createEventChannel(heartbeatMs = 15_000): EventChannel {
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  return {
    attach(response, initial) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write('retry: 1000\n\n');
      for (const message of initial) response.write(format(message.event, message.data));
      clients.add(response);
      response.on('close', () => clients.delete(response));
    },
    send(event, data) {
      const message = format(event, data);
      for (const client of clients) client.write(message);
    },
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}

/** JSON never holds a raw newline, so one `data:` line is enough. */
function format(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
