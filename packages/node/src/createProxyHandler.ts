import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { LIMITS, METHODS, SERVERS, TASK_TYPES, type Method, type TaskType } from '@capkit/api';
import { createKeepAliveFetch } from './createKeepAliveFetch.js';
import { createProxyLimiter, type TaskLimits } from './createProxyLimiter.js';
import {
  handleProxyRequest,
  type ProxyAuthorization,
  type ProxyAuthorizeRequest,
  type ProxyConfig,
  type ProxyRequest,
  type ProxyResponse,
} from './handleProxyRequest.js';
import { iterateStream } from './readBodyLimited.js';
import { createTaskIdSealer } from './sealTaskId.js';
import { taskFieldsFromSpec } from './taskFieldsFromSpec.js';

/** Options of {@link createProxyHandler}. */
export interface ProxyHandlerOptions {
  /** The CapSolver key the handler adds to every forwarded request. It never reaches the browser. */
  apiKey: string;
  /**
   * The methods browsers may call. Default `['createTask', 'getTaskResult']`: the balance,
   * `getToken` and `feedbackTask` are opt-in.
   */
  allow?: readonly Method[] | undefined;
  /** The task types browsers may create. Default: every type the spec lists. */
  taskTypes?: readonly TaskType[] | undefined;
  /**
   * The fields a task of each type may carry. Default: the fields the spec documents for the type
   * (plus `type`); a task with any other field is refused (400, naming it). Types not listed keep
   * the default.
   */
  taskFields?: Partial<Record<TaskType, readonly string[]>> | undefined;
  /** Your CapSolver `appId`, set on every createTask by the server (a browser may not send one). */
  appId?: string | undefined;
  /** A `callbackUrl` set on every createTask by the server (a browser may not send one). */
  callbackUrl?: string | undefined;
  /**
   * Origins allowed besides the page's own (CORS headers, preflights; `'*'` for any). Default none:
   * only same-origin requests (an `Origin` whose host is the request's `Host`), and requests without
   * an `Origin` (not from a browser), are served; others get 403.
   */
  origins?: readonly string[] | '*' | undefined;
  /**
   * Decides whether a request may use the proxy, before its body is read: `false` refuses it (401),
   * `true` accepts it on the proxy's session cookie, `{ session }` accepts it as that session (your
   * user or session id), to which task handles and per-session limits are then bound.
   */
  authorize?: ((request: ProxyAuthorizeRequest) => ProxyAuthorization | Promise<ProxyAuthorization>) | undefined;
  /**
   * The secret task handles are sealed with (AES-256-GCM). Default: random per handler, so handles
   * die with the process; set one (32+ random bytes) to keep them valid across restarts and instances.
   */
  secret?: string | Uint8Array | undefined;
  /** The proxy's session cookie (used when `authorize` names no session). Default `capkit_session`. */
  sessionCookie?: string | undefined;
  /**
   * Limits on task creation (createTask and getToken), per session and for the whole process; over
   * them, 429 `CAPKIT_PROXY_RATE_LIMITED` with `Retry-After`. Default per session 10 in flight and
   * 30 a minute; in total 100 in flight and 300 a minute.
   */
  limits?: { session?: Partial<TaskLimits>; global?: Partial<TaskLimits> } | undefined;
  /** Largest accepted body; larger ones get 413. Default 2 MiB (room for 9 base64 images). */
  maxBodyBytes?: number | undefined;
  /** The time a request body has to arrive whole; a slower one gets 408 and the connection is closed. Default 10 s. */
  bodyTimeoutMs?: number | undefined;
  /** Largest upstream answer read; a larger one is cancelled unread. Default 1 MiB. */
  maxAnswerBytes?: number | undefined;
  /** Where requests are forwarded. Default `https://api.capsolver.com`. */
  baseUrl?: string | undefined;
  /** The `fetch` used for upstream requests. Default a keep-alive fetch (undici `Agent`). */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Upstream request timeout. Default 150 s, above the server's 120 s solve limit for `getToken`. */
  timeoutMs?: number | undefined;
}

/** A request handler for node:http (and Express, Connect, Fastify's raw mode) with a fetch-style twin. */
export interface ProxyHandler {
  /** Handles a node:http request. A body already parsed by a body parser (`req.body`) is used as is. */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Handles a fetch-style request (Hono, Next.js route handlers, Deno/Bun-style servers). */
  fetch(request: Request): Promise<Response>;
}

/**
 * Creates a backend endpoint through which browser code calls CapSolver without ever holding the key,
 * closed to abuse by default (see the threat model in the package README).
 *
 * Mount it under any prefix; the last path segment names the method (`/api/capsolver/createTask`).
 * It serves only `createTask` and `getTaskResult` unless `allow` says more; only same-origin pages
 * (or `origins`); only `POST` of a JSON object (whatever parsed it); only allowed task types and
 * fields (`appId` and `callbackUrl` are the server's). It sets `clientKey`, forwards to `baseUrl`
 * (never following a redirect), strips the key from the answer, and hands the browser an opaque
 * handle bound to its session instead of the task id. Task creation is limited per session and in
 * total (429). A request that may have created a task but lost its answer gets 504
 * `CAPKIT_PROXY_TASK_MAY_EXIST`, which capkit's client never re-sends. Its own refusals use the
 * CapSolver error envelope with `CAPKIT_PROXY_*` codes.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createProxyHandler } from '@capkit/node';
 *
 * const handler = createProxyHandler({ apiKey: process.env.CAPSOLVER_API_KEY ?? '', secret: process.env.PROXY_SECRET });
 * createServer(handler).listen(8080);
 * ```
 */
export function createProxyHandler(options: ProxyHandlerOptions): ProxyHandler {
  const config = resolveConfig(options);

  const nodeHandler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const abort = new AbortController();
    // `close` on the response also fires after a normal end; aborting then is a harmless no-op.
    res.once('close', () => abort.abort());
    const response = await handleProxyRequest(fromIncomingMessage(req, abort.signal), config).catch(internalError);
    writeResponse(res, response);
  };

  const fetchHandler = async (request: Request): Promise<Response> => {
    const response = await handleProxyRequest(fromRequest(request), config).catch(internalError);
    return new Response(response.status === 204 ? null : response.body, {
      status: response.status,
      headers: response.headers,
    });
  };

  return Object.assign(nodeHandler, { fetch: fetchHandler });
}

function resolveConfig(options: ProxyHandlerOptions): ProxyConfig {
  if (!options.apiKey) throw new TypeError('createProxyHandler needs an apiKey');
  const allowed = new Set<string>(options.allow ?? DEFAULT_ALLOW);
  for (const method of allowed) {
    if (!(METHODS as readonly string[]).includes(method))
      throw new TypeError(`Unknown CapSolver method in allow: ${method}`);
  }
  const taskTypes = new Set<string>(options.taskTypes ?? Object.keys(TASK_TYPES));
  for (const type of taskTypes) {
    if (!Object.hasOwn(TASK_TYPES, type)) throw new TypeError(`Unknown task type in taskTypes: ${type}`);
  }
  const taskFields = new Map(taskFieldsFromSpec());
  for (const [type, fields] of Object.entries(options.taskFields ?? {})) {
    if (!Object.hasOwn(TASK_TYPES, type)) throw new TypeError(`Unknown task type in taskFields: ${type}`);
    taskFields.set(type as TaskType, new Set(['type', ...(fields ?? [])]));
  }
  const limits = (scope: Partial<TaskLimits> | undefined, defaults: TaskLimits): TaskLimits => ({
    tasksInFlight: positive(`tasksInFlight`, scope?.tasksInFlight, defaults.tasksInFlight),
    tasksPerMinute: positive(`tasksPerMinute`, scope?.tasksPerMinute, defaults.tasksPerMinute),
  });
  const sessionCookie = options.sessionCookie ?? 'capkit_session';
  if (!/^[A-Za-z0-9_-]+$/.test(sessionCookie)) throw new TypeError('sessionCookie must be a plain cookie name');
  return {
    apiKey: options.apiKey,
    allowed,
    taskTypes,
    taskFields,
    appId: options.appId,
    callbackUrl: options.callbackUrl,
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 2 * 1024 * 1024),
    bodyTimeoutMs: positive('bodyTimeoutMs', options.bodyTimeoutMs, 10_000),
    maxAnswerBytes: positive('maxAnswerBytes', options.maxAnswerBytes, 1024 * 1024),
    baseUrl: (options.baseUrl ?? SERVERS[0]).replace(/\/+$/, ''),
    origins: options.origins,
    authorize: options.authorize,
    sessionCookie,
    sealer: createTaskIdSealer(options.secret ?? randomBytes(32)),
    limiter: createProxyLimiter(
      limits(options.limits?.session, { tasksInFlight: 10, tasksPerMinute: 30 }),
      limits(options.limits?.global, { tasksInFlight: 100, tasksPerMinute: 300 }),
    ),
    taskLifetimeMs: LIMITS.taskLifetimeMs,
    now: () => Date.now(),
    fetch: options.fetch ?? createKeepAliveFetch(),
    timeoutMs: positive('timeoutMs', options.timeoutMs, 150_000),
  };
}

/** The methods a proxy serves unless `allow` says otherwise: a task's own two calls. */
const DEFAULT_ALLOW: readonly Method[] = ['createTask', 'getTaskResult'];

/** An option that must be a positive number, or its default when absent. */
function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0))
    throw new TypeError(`createProxyHandler: ${name} must be a positive number`);
  return value;
}

function fromIncomingMessage(req: IncomingMessage & { body?: unknown }, signal: AbortSignal): ProxyRequest {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  // Express/Connect body parsers consume the stream and leave the result on req.body.
  const preParsed = req.body !== undefined && req.readableEnded;
  return {
    method: req.method ?? 'GET',
    pathname: new URL(req.url ?? '/', 'http://localhost').pathname,
    host: header('host'),
    header,
    body: preParsed ? { parsed: req.body } : req,
    signal,
    raw: req,
  };
}

function fromRequest(request: Request): ProxyRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    pathname: url.pathname,
    host: request.headers.get('host') ?? url.host,
    header: (name) => request.headers.get(name) ?? undefined,
    body: request.body ? iterateStream(request.body) : emptyBody(),
    signal: request.signal,
    raw: request,
  };
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

function writeResponse(res: ServerResponse, response: ProxyResponse): void {
  if (res.headersSent) return;
  if (response.close) res.setHeader('connection', 'close');
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

function internalError(): ProxyResponse {
  return {
    status: 500,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({
      errorId: 1,
      errorCode: 'CAPKIT_PROXY_INTERNAL',
      errorDescription: 'The proxy failed to handle the request',
    }),
  };
}
