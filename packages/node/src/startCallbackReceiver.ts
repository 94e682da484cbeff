import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCallbackReceiver,
  type CallbackReceiverOptions,
  type NodeCallbackReceiver,
} from './createCallbackReceiver.js';

/** Options of {@link startCallbackReceiver}. */
export interface StartCallbackReceiverOptions extends Omit<CallbackReceiverOptions, 'publicUrl' | 'path'> {
  /** Port to listen on. Default 0 (a free port: read `url`). */
  port?: number | undefined;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string | undefined;
  /** The path callbacks arrive under. Default `/capkit-callback`. */
  path?: string | undefined;
  /**
   * The URL the service reaches this server at (a tunnel, a reverse proxy), up to the mount path,
   * e.g. `https://me.example/capkit-callback`. Default `http://<host>:<port><path>`, which only a
   * service on the same machine (the emulator) can reach.
   */
  publicUrl?: string | undefined;
}

/** A running callback receiver: the receiver, its server's address, and `close()`. */
export interface RunningCallbackReceiver extends NodeCallbackReceiver {
  /** Where the server listens, with the path (`http://127.0.0.1:4000/capkit-callback`). */
  readonly url: string;
  /** The URL each task's callback URL starts with. */
  readonly publicUrl: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const DEFAULT_PATH = '/capkit-callback';

/**
 * Starts a standalone HTTP server that receives callbacks (see {@link createCallbackReceiver} for
 * what it accepts). Give it to the client: `createClient({ callbackReceiver })`.
 *
 * @example
 * ```ts
 * import { createClient, startCallbackReceiver } from '@capkit/node';
 *
 * const receiver = await startCallbackReceiver({ port: 4000, publicUrl: 'https://me.example/capkit-callback' });
 * const client = createClient({ callbackReceiver: receiver });
 * const { solution, queries } = await client.solve(task); // usually one query, right after the callback
 * await receiver.close();
 * ```
 */
export async function startCallbackReceiver(
  options: StartCallbackReceiverOptions = {},
): Promise<RunningCallbackReceiver> {
  const path = `/${(options.path ?? DEFAULT_PATH).replace(/^\/+|\/+$/g, '')}`;
  let receiver: NodeCallbackReceiver | undefined;
  const server = createServer((request, response) => {
    if (receiver) receiver.handler(request, response);
    else response.writeHead(503).end();
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}${path}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  try {
    receiver = createCallbackReceiver({ ...options, publicUrl, path });
  } catch (error) {
    server.close();
    throw error;
  }
  const running = receiver;
  return Object.assign(Object.create(null) as object, running, {
    url,
    publicUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        void options.registry?.close?.();
      }),
  });
}
