import { SERVERS } from '@capkit/api';
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { EmulatorControl } from './createEmulatorControl.js';
import { createEmulatorEngine, type EmulatorEngine } from './createEmulatorEngine.js';
import type { EmulatorStats } from './createStats.js';
import type { EngineOptions } from './options.js';
import type { EngineReply } from './reply.js';

/** Options of {@link createEmulatorHandlers}: the engine options plus the base URL(s) to intercept. */
export interface EmulatorHandlersOptions extends EngineOptions {
  /** Base URL(s) whose `/<method>` and `/__emulator/*` requests are answered. Default: the spec's SERVERS. */
  baseUrl?: string | readonly string[];
}

/** msw handlers backed by one in-process emulator. */
export interface EmulatorHandlers {
  /** Pass to `setupServer(...handlers)` (msw/node) or `setupWorker(...handlers)` (msw/browser). */
  handlers: HttpHandler[];
  stats(): EmulatorStats;
  reset(): void;
  control: EmulatorControl;
  /** The engine behind the handlers. */
  engine: EmulatorEngine;
  /** Cancels pending waits (getToken, latency faults); their requests fail as network errors. */
  dispose(): void;
}

const NO_BODY_STATUSES = new Set([204, 205, 304]);

function toResponse(reply: EngineReply): Response {
  // A connection reset becomes a network error, which is what fetch reports for one.
  if (reply.type === 'reset') return HttpResponse.error();
  const body = NO_BODY_STATUSES.has(reply.status) ? null : reply.body;
  return new HttpResponse(body, { status: reply.status, headers: reply.headers });
}

/**
 * The emulator as msw request handlers, for unit and browser tests that run it in-process. It is the
 * same engine as `startEmulator`, so limits, validation, outcomes, faults and stats behave the same;
 * a connection-reset fault surfaces as `HttpResponse.error()` (fetch rejects with a TypeError).
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createEmulatorHandlers } from '@capkit/emulator/msw';
 *
 * const emulator = createEmulatorHandlers({ timeScale: 0.01 });
 * const server = setupServer(...emulator.handlers);
 * server.listen();
 */
export function createEmulatorHandlers(options: EmulatorHandlersOptions = {}): EmulatorHandlers {
  const { baseUrl = SERVERS, ...engineOptions } = options;
  const engine = createEmulatorEngine(engineOptions);
  const bases = (typeof baseUrl === 'string' ? [baseUrl] : baseUrl).map((base) => base.replace(/\/+$/, ''));
  const handlers = bases.map((base) =>
    http.all(`${base}/*`, async ({ request }) => {
      const body = await request.text();
      const oversized = new TextEncoder().encode(body).length > engine.options.maxBodyBytes;
      const url = new URL(request.url);
      const path = url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length);
      const reply = await engine.handle({ method: request.method, path, body: oversized ? '' : body, oversized });
      return toResponse(reply);
    }),
  );
  return {
    handlers,
    stats: engine.stats,
    reset: engine.reset,
    control: engine.control,
    engine,
    dispose: engine.dispose,
  };
}
