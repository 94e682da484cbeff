import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorControl } from './createEmulatorControl.js';
import { createEmulatorEngine, type EmulatorEngine } from './createEmulatorEngine.js';
import type { EmulatorStats } from './createStats.js';
import { readRequestBody, sendReply } from './nodeHttp.js';
import type { EmulatorOptions } from './options.js';

/** A running emulator. */
export interface Emulator {
  /** Base URL to give the client, e.g. `http://127.0.0.1:53124` (no trailing slash). */
  url: string;
  /** A snapshot of everything counted since start or the last `reset()`. */
  stats(): EmulatorStats;
  /** Forgets every task, counter, force and scripted fault, and restores the balance and the seed. */
  reset(): void;
  /** Stops listening and drops open connections (pending getToken calls end with a reset). */
  close(): Promise<void>;
  /** Deterministic steering for tests. */
  control: EmulatorControl;
}

async function serve(engine: EmulatorEngine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { body, oversized } = await readRequestBody(request, engine.options.maxBodyBytes);
  sendReply(
    request,
    response,
    await engine.handle({ method: request.method ?? 'GET', path: request.url ?? '/', body, oversized }),
  );
}

function urlOf(address: AddressInfo): string {
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts a local CapSolver emulator over node:http on `host` (default 127.0.0.1) and `port`
 * (default 0: a free port, see `url`).
 *
 * @example
 * const emulator = await startEmulator({ timeScale: 0.01, seed: 1 });
 * const client = createClient({ apiKey: 'CAP-EMULATOR-KEY', baseUrl: emulator.url });
 * // ... run the test, assert on emulator.stats() ...
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const engine = createEmulatorEngine(options);
  const server = createServer((request, response) => {
    serve(engine, request, response).catch(() => request.socket.destroy());
  });
  // A client that resets its own connection must never take the emulator down.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: urlOf(server.address() as AddressInfo),
    stats: engine.stats,
    reset: engine.reset,
    control: engine.control,
    close: () =>
      new Promise<void>((resolve) => {
        engine.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
