import { LIMITS, METHODS } from '@capkit/api';
import { createEmulatorControl, type EmulatorControl } from './createEmulatorControl.js';
import type { EmulatorStats, FaultRecord } from './createStats.js';
import { CONTROL_PREFIX, controlRoute } from './controlRoute.js';
import { createEngineContext, type EngineContext, type ResolvedOptions } from './engineContext.js';
import { faultReplyAfter, faultReplyBefore } from './faultReply.js';
import { faultPhase, type ApiMethod, type PlannedFault } from './faults.js';
import { createTask } from './methods/createTask.js';
import { feedbackTask } from './methods/feedbackTask.js';
import { getBalance } from './methods/getBalance.js';
import { getTaskResult } from './methods/getTaskResult.js';
import { getToken } from './methods/getToken.js';
import type { EngineOptions } from './options.js';
import { prepareRequest } from './prepareRequest.js';
import { errorReply, jsonReply, type EngineReply } from './reply.js';

/** A request as any transport sees it. */
export interface EngineRequest {
  /** HTTP method (`POST`, `GET`, `OPTIONS`). */
  method: string;
  /** URL path, query string allowed (`/createTask`). */
  path: string;
  /** The raw body text. */
  body: string;
  /** Set by the transport when the body exceeded `maxBodyBytes` (and was not read in full). */
  oversized?: boolean;
}

/**
 * The emulated service, independent of any transport: `handle` turns a request into an
 * {@link EngineReply}. `startEmulator` serves it over node:http and `@capkit/emulator/msw` through msw;
 * use it directly to plug the emulator into another transport.
 */
export interface EmulatorEngine {
  handle(request: EngineRequest): Promise<EngineReply>;
  stats(): EmulatorStats;
  reset(): void;
  control: EmulatorControl;
  readonly options: Readonly<ResolvedOptions>;
  /** Cancels pending waits (getToken, latency): their requests end with a connection reset. */
  dispose(): void;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after, retry-after-ms',
} as const;

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': '*',
} as const;

function methodOf(path: string): ApiMethod | undefined {
  const name = path.replace(/^\/+|\/+$/g, '');
  return (METHODS as readonly string[]).includes(name) ? (name as ApiMethod) : undefined;
}

async function processRequest(context: EngineContext, method: ApiMethod, raw: string): Promise<EngineReply> {
  const prepared = prepareRequest(context, method, raw);
  if (!prepared.ok) return prepared.reply;
  const { body, hint } = prepared;
  switch (method) {
    case 'createTask':
      return withCallback(context, body, await createTask(context, body, hint));
    case 'getTaskResult':
      return getTaskResult(context, body);
    case 'getBalance':
      return getBalance(context);
    case 'getToken':
      return withCallback(context, body, await getToken(context, body, hint));
    case 'feedbackTask':
      return feedbackTask(context, body);
  }
}

/** The engine's hook for callbacks: a task created with a `callbackUrl` gets its result pushed there. */
function withCallback(context: EngineContext, body: Record<string, unknown>, reply: EngineReply): EngineReply {
  if (body.callbackUrl !== undefined && body.callbackUrl !== null) {
    const taskId = taskIdOf(reply);
    if (taskId !== undefined) context.callbacks.schedule(context.store.get(taskId), body.callbackUrl);
  }
  return reply;
}

function taskIdOf(reply: EngineReply): string | undefined {
  if (reply.type !== 'response') return undefined;
  const { taskId } = JSON.parse(reply.body) as { taskId?: unknown };
  return typeof taskId === 'string' ? taskId : undefined;
}

async function withFault(
  context: EngineContext,
  method: ApiMethod,
  fault: PlannedFault,
  raw: string,
): Promise<EngineReply> {
  const { clock } = context;
  const record: FaultRecord = { at: clock.now(), method, kind: fault.kind, scripted: fault.scripted };
  context.stats.fault(record);
  const phase = faultPhase(fault.kind);
  if (phase === 'before') return faultReplyBefore(fault.kind, clock.scale(fault.delayMs));
  if (phase === 'delay' && !(await clock.sleep(clock.scale(fault.delayMs)))) return { type: 'reset' };
  const reply = await processRequest(context, method, raw);
  // The request was processed: name the task it touched, so a test can find the one the client lost.
  const taskId = taskIdOf(reply);
  if (taskId !== undefined) record.taskId = taskId;
  return phase === 'after' ? faultReplyAfter(fault.kind, reply) : reply;
}

async function handleApi(context: EngineContext, method: ApiMethod, request: EngineRequest): Promise<EngineReply> {
  context.stats.request(method);
  const fault = context.faults.next(method);
  if (fault) return withFault(context, method, fault, request.body);
  if (request.oversized) {
    return errorReply('ERROR_BAD_REQUEST', `the body is larger than ${context.options.maxBodyBytes} bytes`);
  }
  return processRequest(context, method, request.body);
}

function withCors(context: EngineContext, reply: EngineReply): EngineReply {
  if (reply.type === 'reset' || !context.options.cors) return reply;
  return { ...reply, headers: { ...reply.headers, ...CORS_HEADERS } };
}

/**
 * Creates an engine. Every option is optional; see {@link EngineOptions}. Nothing here restates the
 * API: limits, error codes, task types and schemas come from `@capkit/api`.
 */
export function createEmulatorEngine(options: EngineOptions = {}): EmulatorEngine {
  const context = createEngineContext(options);
  const control = createEmulatorControl(context);

  const stats = (): EmulatorStats => ({
    ...context.stats.snapshot({
      seed: context.options.seed,
      timeScale: context.options.timeScale,
      taskLifetimeMs: { service: LIMITS.taskLifetimeMs, real: context.lifetimeRealMs },
      maxQueriesPerTask: LIMITS.maxQueriesPerTask,
      balance: context.balance,
      now: context.clock.now(),
      store: context.store,
      internalErrors: context.internalErrors,
    }),
    callbacks: context.callbacks.stats(),
  });
  const target = { stats, reset: () => context.reset(), control };

  const route = async (request: EngineRequest): Promise<EngineReply> => {
    const path = request.path.split('?')[0] ?? '/';
    if (request.method === 'OPTIONS' && context.options.cors) {
      return { type: 'response', status: 204, headers: PREFLIGHT_HEADERS, body: '' };
    }
    if (path.startsWith(CONTROL_PREFIX) && context.options.controlEndpoints) {
      return controlRoute(target, request.method, path, request.body);
    }
    const method = methodOf(path);
    if (!method) return errorReply('ERROR_BAD_REQUEST', `no such method ${path}`, 404);
    if (request.method !== 'POST') return errorReply('ERROR_BAD_REQUEST', `${method} takes POST`, 405);
    return handleApi(context, method, request);
  };

  return {
    async handle(request) {
      let reply: EngineReply;
      try {
        reply = await route(request);
      } catch (error) {
        // A bug in the emulator must not look like a server failure a client should retry.
        context.internalErrors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
        reply = jsonReply(400, {
          errorId: 1,
          errorCode: 'ERROR_BAD_REQUEST',
          errorDescription: 'emulator internal error',
        });
      }
      if (reply.type === 'response' && reply.errorCode) context.stats.error(reply.errorCode);
      return withCors(context, reply);
    },
    stats,
    reset: target.reset,
    control,
    options: context.options,
    dispose: () => context.clock.dispose(),
  };
}
