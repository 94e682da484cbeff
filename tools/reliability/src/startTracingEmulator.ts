import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METHODS, type Method } from '@capkit/api';
import {
  createEmulatorEngine,
  FAULT_KINDS,
  faultPhase,
  readRequestBody,
  sendReply,
  type EmulatorEngine,
  type EmulatorStats,
  type EngineOptions,
  type FaultKind,
} from '@capkit/emulator';
import { seededRandom } from './seededRandom.js';

/**
 * Faults that let the request be processed (a task is created, a query counted) before the answer is
 * delayed or spoiled (`resetAfter`, `http502`, `malformed`, `truncated`, `latency`), as the emulator's
 * own `faultPhase` says. Every other kind answers without touching any state.
 */
export const PROCESSING_FAULTS: ReadonlySet<FaultKind> = new Set(
  FAULT_KINDS.filter((kind) => faultPhase(kind) !== 'before'),
);

/** One createTask request as the emulator received it. */
export interface TracedCreate {
  /** The task's `websiteURL`: the suites give every solve its own, so it names the solve. */
  websiteURL: string | undefined;
  /** The fault injected into this request, if any. */
  fault: FaultKind | undefined;
  /** Whether the emulator processed it (no fault, or one of {@link PROCESSING_FAULTS}): it created a task. */
  processed: boolean;
  /** Epoch ms when it arrived. */
  at: number;
  /** The request's `x-capkit-trace` header: which client (process) sent it, when a test tags them. */
  tag: string | undefined;
}

/** The header a test's client may set to tag its requests in the trace. */
export const TRACE_HEADER = 'x-capkit-trace';

/** Options of {@link startTracingEmulator}: the engine's options plus the fault draw. */
export interface TracingEmulatorOptions extends Omit<EngineOptions, 'faults' | 'seed'> {
  seed: number;
  /** Probability (0..1) that a request gets a fault. */
  faultRate: number;
  /** The kinds to draw from, equally likely. Default: every kind of `FAULT_KINDS`. */
  faultKinds?: readonly FaultKind[];
  /** The methods faults apply to. Default: all five. */
  faultMethods?: readonly Method[];
  /** Service ms added by `latency` faults (scaled by `timeScale`). Default: the emulator's (2 s). */
  latencyMs?: number;
}

/** A running tracing emulator. */
export interface TracingEmulator {
  url: string;
  engine: EmulatorEngine;
  stats(): EmulatorStats;
  /** Every createTask request, in arrival order. */
  readonly creates: readonly TracedCreate[];
  close(): Promise<void>;
}

function websiteUrlOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { task?: { websiteURL?: unknown } };
    return typeof parsed.task?.websiteURL === 'string' ? parsed.task.websiteURL : undefined;
  } catch {
    return undefined;
  }
}

function methodOf(url: string | undefined): Method | undefined {
  const name = (url ?? '/').split('?')[0]?.replace(/^\/+|\/+$/g, '');
  return (METHODS as readonly string[]).includes(name ?? '') ? (name as Method) : undefined;
}

/**
 * Serves the emulator's engine over node:http on 127.0.0.1:0 and injects the emulator's own faults,
 * drawn per request from a seeded random stream, through `control.scriptFaults` right before the
 * engine takes the request. The engine handles the request synchronously up to its fault planner, so
 * the scripted fault lands on exactly that request: unlike the emulator's built-in random faults,
 * every createTask is known with its fault, and therefore whether it created a task. That is what
 * proves "no duplicate createTask for one solve" per solve, not just in total.
 */
export async function startTracingEmulator(options: TracingEmulatorOptions): Promise<TracingEmulator> {
  const { faultRate, faultKinds = FAULT_KINDS, faultMethods = METHODS, latencyMs, ...engineOptions } = options;
  const engine = createEmulatorEngine({
    ...engineOptions,
    faults: { rate: 0, ...(latencyMs === undefined ? {} : { latencyMs }) },
  });
  const random = seededRandom(options.seed ^ 0x5eed);
  const creates: TracedCreate[] = [];

  const drawFault = (method: Method | undefined): FaultKind | undefined => {
    const hit = random.next() < faultRate;
    const kind = random.pick(faultKinds);
    return hit && method && faultMethods.includes(method) ? kind : undefined;
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { body } = await readRequestBody(request);
    const method = methodOf(request.url);
    const fault = request.method === 'POST' ? drawFault(method) : undefined;
    if (fault && method) engine.control.scriptFaults([{ method, kind: fault }]);
    if (method === 'createTask') {
      creates.push({
        websiteURL: websiteUrlOf(body),
        fault,
        processed: fault === undefined || PROCESSING_FAULTS.has(fault),
        at: Date.now(),
        tag: typeof request.headers[TRACE_HEADER] === 'string' ? request.headers[TRACE_HEADER] : undefined,
      });
    }
    sendReply(
      request,
      response,
      await engine.handle({ method: request.method ?? 'GET', path: request.url ?? '/', body }),
    );
  };

  const server = createServer((request, response) => {
    serve(request, response).catch(() => request.socket.destroy());
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    stats: engine.stats,
    creates,
    close: () =>
      new Promise<void>((resolve) => {
        engine.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
