import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HostileReply } from './hostileReply.js';

/** A server that answers whatever the test tells it to, byte for byte. */
export interface HostileServer {
  url: string;
  /** Answers the next requests with `replies` in order, then with `final` for every request after them. */
  script(replies: readonly HostileReply[], final: HostileReply): void;
  /** Requests received since the last `script()`. */
  readonly received: number;
  close(): Promise<void>;
}

const CRLF = '\r\n';

function head(reply: HostileReply, framingHeaders: string[]): Buffer {
  const lines = [
    `HTTP/1.1 ${reply.status} ${reply.reason}`,
    ...reply.headers.map(([name, value]) => `${name}: ${value}`),
    ...framingHeaders,
    'connection: close',
  ];
  return Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'latin1');
}

/** Writes `reply` on the raw socket, framed (or broken) as it says. */
function send(socket: Socket, reply: HostileReply): void {
  const body = Buffer.from(reply.body);
  switch (reply.framing) {
    case 'reset':
      socket.destroy();
      return;
    case 'exact':
      socket.end(Buffer.concat([head(reply, [`content-length: ${body.length}`]), body]));
      return;
    case 'chunked': {
      const chunk = body.length
        ? Buffer.concat([Buffer.from(`${body.length.toString(16)}${CRLF}`), body, Buffer.from(CRLF)])
        : Buffer.alloc(0);
      socket.end(Buffer.concat([head(reply, ['transfer-encoding: chunked']), chunk, Buffer.from(`0${CRLF}${CRLF}`)]));
      return;
    }
    case 'short':
      socket.end(Buffer.concat([head(reply, [`content-length: ${body.length + 64}`]), body]));
      return;
    case 'destroyMidBody':
      socket.write(
        Buffer.concat([
          head(reply, [`content-length: ${body.length + 64}`]),
          body.subarray(0, Math.ceil(body.length / 2)),
        ]),
        () => socket.destroy(),
      );
      return;
    case 'untilClose':
      socket.end(Buffer.concat([head(reply, []), body]));
      return;
    case 'stall':
      // The head and a promise of more; the socket stays open until the client gives up (or close()).
      socket.write(head(reply, [`content-length: ${body.length + 1}`]));
  }
}

/**
 * A real node:http server on 127.0.0.1:0 that answers each request with a scripted
 * {@link HostileReply}, written on the raw socket so that nothing (status, headers, framing, a cut
 * connection) is sanitised by Node on the way.
 */
export async function startHostileServer(): Promise<HostileServer> {
  let queue: HostileReply[] = [];
  let final: HostileReply | undefined;
  let received = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      const reply = queue.shift() ?? final;
      if (reply) send(request.socket, reply);
      else request.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that hangs up mid-answer must not become an error event that kills the test process.
    socket.on('error', () => undefined);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    script(replies, last) {
      queue = [...replies];
      final = last;
      received = 0;
    },
    get received() {
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
