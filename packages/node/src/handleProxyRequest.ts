import { randomBytes } from 'node:crypto';
import { ERROR_CODE_RULES, type ErrorCode, type TaskType } from '@capkit/api';
import { checkProxyBody } from './checkProxyBody.js';
import type { ProxyLimiter, TaskTicket } from './createProxyLimiter.js';
import { forwardUpstream, type UpstreamOutcome, type UpstreamSettings } from './forwardUpstream.js';
import { BodyTimeoutError, BodyTooLargeError, readBodyLimited } from './readBodyLimited.js';
import { redactKey } from './redactKey.js';
import type { TaskIdSealer } from './sealTaskId.js';

/** What an `authorize` hook sees of a request. */
export interface ProxyAuthorizeRequest {
  /** The API method asked for (the last path segment), already checked against `allow`. */
  method: string;
  /** A request header (lower-case name), as the adapter reads it. */
  header(name: string): string | undefined;
  /** The framework's own request: node's `IncomingMessage`, or the fetch `Request`. */
  raw: unknown;
}

/**
 * What an `authorize` hook decides: `false` refuses (401), `true` lets the request through on the
 * proxy's own session cookie, and `{ session }` lets it through as that session (your user or session
 * id: task handles, and per-session limits, are then bound to it).
 */
export type ProxyAuthorization = boolean | { session: string };

/** The resolved settings of a proxy handler. */
export interface ProxyConfig extends UpstreamSettings {
  apiKey: string;
  allowed: ReadonlySet<string>;
  taskTypes: ReadonlySet<string>;
  taskFields: ReadonlyMap<TaskType, ReadonlySet<string>>;
  /** Set on every createTask by the server; never taken from the browser. */
  appId: string | undefined;
  callbackUrl: string | undefined;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  origins: readonly string[] | '*' | undefined;
  authorize: ((request: ProxyAuthorizeRequest) => ProxyAuthorization | Promise<ProxyAuthorization>) | undefined;
  sessionCookie: string;
  sealer: TaskIdSealer;
  limiter: ProxyLimiter;
  /** How long a created task counts as in flight at most (the service keeps results this long). */
  taskLifetimeMs: number;
  now: () => number;
}

/** A request as both adapters (node:http and fetch) can describe it. */
export interface ProxyRequest {
  method: string;
  pathname: string;
  /** The `Host` the request was sent to (for the same-origin check). */
  host: string | undefined;
  header(name: string): string | undefined;
  /** The raw body, or an already parsed one when a body parser ran before the handler. */
  body: AsyncIterable<Uint8Array> | { parsed: unknown };
  signal?: AbortSignal;
  /** The framework's own request object, for `authorize`. */
  raw: unknown;
}

/** What the adapters write back. */
export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Close the connection after answering: set when part of the request body was left unread. */
  close?: boolean;
}

/** Methods that create (and charge) a task: never answered in a way that invites a re-send. */
const CREATES_TASK = new Set(['createTask', 'getToken']);

/** A session id as the proxy issues it (and accepts back from its cookie). */
const SESSION_ID = /^[A-Za-z0-9_-]{24,64}$/;

type Refusal = { status: number; code: string; description: string; close?: boolean; headers?: Record<string, string> };

/**
 * The transport-neutral core of `createProxyHandler`. In order: origin (the page's own origin or a
 * configured one), preflight, allowed method, POST, JSON content type (whatever parsed the body),
 * `authorize`, the session, the body (deadline, size, JSON object), the allow-lists, the limits, the
 * task handle, then the upstream call with the key, and an answer with the key removed after parsing.
 */
export async function handleProxyRequest(request: ProxyRequest, config: ProxyConfig): Promise<ProxyResponse> {
  const origin = request.header('origin');
  const cors = corsHeaders(origin, config.origins);
  const fail = (refusal: Refusal, extra: Record<string, string> = {}) =>
    errorResponse(refusal, { ...cors, ...extra, ...refusal.headers });

  if (origin !== undefined && !originAllowed(origin, request.host, config.origins)) {
    return fail({
      status: 403,
      code: 'CAPKIT_PROXY_ORIGIN_FORBIDDEN',
      description: 'This origin may not use the CapSolver proxy',
    });
  }
  if (request.method === 'OPTIONS') {
    return { status: 204, headers: { ...cors, ...preflightHeaders() }, body: '' };
  }
  const method = request.pathname.split('/').filter(Boolean).pop() ?? '';
  if (!config.allowed.has(method)) {
    return fail({
      status: 404,
      code: 'CAPKIT_PROXY_METHOD_NOT_ALLOWED',
      description: `Not an allowed CapSolver method: ${method || '/'}`,
    });
  }
  if (request.method !== 'POST') {
    return fail({
      status: 405,
      code: 'CAPKIT_PROXY_POST_ONLY',
      description: 'Every CapSolver method is a POST',
      headers: { allow: 'POST, OPTIONS' },
    });
  }
  // Checked whatever parsed the body (express.urlencoded included): JSON forces a CORS preflight on
  // cross-origin callers, so a plain HTML form on another site can never spend the balance.
  if (!/^application\/json\b/i.test(request.header('content-type') ?? '')) {
    return fail({
      status: 415,
      code: 'CAPKIT_PROXY_UNSUPPORTED_MEDIA_TYPE',
      description: 'Send the body as application/json',
      close: true,
    });
  }
  const authorization = config.authorize
    ? await config.authorize({ method, header: request.header, raw: request.raw })
    : true;
  if (authorization === false) {
    return fail({
      status: 401,
      code: 'CAPKIT_PROXY_UNAUTHORIZED',
      description: 'This request may not use the CapSolver proxy',
      close: true,
    });
  }
  const session = sessionOf(authorization, request, config);
  const withSession = (response: ProxyResponse): ProxyResponse =>
    session.setCookie ? { ...response, headers: { ...response.headers, 'set-cookie': session.setCookie } } : response;
  // A task is only ever created for a session the browser holds. A page's first requests run in
  // parallel, each would get its own new cookie, and the browser keeps only the last: the handles of
  // the others would be bound to sessions it no longer has (paid tasks it could never read). So a
  // task-creating request without a session starts one and is refused before anything is sent;
  // capkit's client sends it again (`CAPKIT_PROXY_SESSION_STARTED` is a not-sent code) with the cookie.
  if (session.setCookie && CREATES_TASK.has(method)) {
    return withSession(
      fail({
        status: 428,
        code: 'CAPKIT_PROXY_SESSION_STARTED',
        description: `A session was started (cookie ${config.sessionCookie}); send the request again with it`,
        headers: { 'retry-after': '1' },
        close: true,
      }),
    );
  }

  const parsed = await readJson(request, config);
  if ('error' in parsed) return withSession(fail(parsed.error));
  const problem = checkProxyBody(method, parsed.value, config.taskTypes, config.taskFields);
  if (problem) return withSession(fail(problem));
  const prepared = prepare(method, parsed.value, session.id, config);
  if ('error' in prepared) return withSession(fail(prepared.error));

  let ticket: TaskTicket | undefined;
  if (CREATES_TASK.has(method)) {
    const decision = config.limiter.reserve(session.id, config.now());
    if (!decision.ok) {
      const seconds = Math.ceil(decision.retryAfterMs / 1000);
      return withSession(
        fail({
          status: 429,
          code: 'CAPKIT_PROXY_RATE_LIMITED',
          description: `Too many tasks (${decision.scope} limit ${decision.limit}); try again in ${seconds} s`,
          headers: { 'retry-after': String(seconds) },
        }),
      );
    }
    ticket = decision.ticket;
  }

  const outcome = await forwardUpstream(method, prepared.upstream, request.signal, config);
  return withSession(
    answer(
      method,
      outcome,
      { ticket, taskId: prepared.taskId, handle: parsed.value.taskId, session: session.id },
      config,
      cors,
    ),
  );
}

/** The session a request belongs to: the one `authorize` named, or the proxy's cookie (a new one when absent). */
function sessionOf(
  authorization: ProxyAuthorization,
  request: ProxyRequest,
  config: ProxyConfig,
): { id: string; setCookie?: string } {
  if (typeof authorization === 'object') return { id: `app:${authorization.session}` };
  const cookie = (request.header('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${config.sessionCookie}=`))
    ?.slice(config.sessionCookie.length + 1);
  if (cookie !== undefined && SESSION_ID.test(cookie)) return { id: `cookie:${cookie}` };
  const id = randomBytes(24).toString('base64url');
  const secure = /^https:/i.test(request.header('origin') ?? '') || request.header('x-forwarded-proto') === 'https';
  return {
    id: `cookie:${id}`,
    setCookie: `${config.sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
  };
}

type ReadResult = { value: Record<string, unknown> } | { error: Refusal };

async function readJson(request: ProxyRequest, config: ProxyConfig): Promise<ReadResult> {
  if ('parsed' in request.body) return asObject(request.body.parsed);
  const tooLarge: Refusal = {
    status: 413,
    code: 'CAPKIT_PROXY_BODY_TOO_LARGE',
    description: `The body exceeds ${config.maxBodyBytes} bytes`,
    close: true,
  };
  if (Number(request.header('content-length') ?? 0) > config.maxBodyBytes) return { error: tooLarge };
  let text: string;
  try {
    text = await readBodyLimited(request.body, config.maxBodyBytes, config.bodyTimeoutMs);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { error: tooLarge };
    if (error instanceof BodyTimeoutError) {
      return {
        error: {
          status: 408,
          code: 'CAPKIT_PROXY_BODY_TIMEOUT',
          description: `The body did not arrive within ${config.bodyTimeoutMs} ms`,
          close: true,
        },
      };
    }
    throw error;
  }
  try {
    return asObject(JSON.parse(text));
  } catch {
    return { error: { status: 400, code: 'CAPKIT_PROXY_INVALID_JSON', description: 'The body is not valid JSON' } };
  }
}

function asObject(value: unknown): ReadResult {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { value: value as Record<string, unknown> };
  return { error: { status: 400, code: 'CAPKIT_PROXY_INVALID_JSON', description: 'The body must be a JSON object' } };
}

/**
 * The upstream body, built from the allowed fields only (never the browser's body as it is), with the
 * key and the server-side fields; a task handle is opened back into its task id for this session.
 */
function prepare(
  method: string,
  body: Record<string, unknown>,
  session: string,
  config: ProxyConfig,
): { upstream: Record<string, unknown>; taskId?: string } | { error: Refusal } {
  const clientKey = config.apiKey;
  if (method === 'createTask') {
    return { upstream: { clientKey, task: body.task, appId: config.appId, callbackUrl: config.callbackUrl } };
  }
  if (method === 'getToken') return { upstream: { clientKey, task: body.task } };
  if (method === 'getBalance') return { upstream: { clientKey } };
  const taskId = config.sealer.open(body.taskId, session);
  if (taskId === undefined) {
    return {
      error: { status: 404, code: 'CAPKIT_PROXY_TASK_NOT_FOUND', description: 'No task of this session has this id' },
    };
  }
  return method === 'feedbackTask'
    ? { upstream: { clientKey, taskId, result: body.result }, taskId }
    : { upstream: { clientKey, taskId }, taskId };
}

/** What the proxy knows about the request it forwarded. */
interface Forwarded {
  ticket: TaskTicket | undefined;
  /** The service's task id (getTaskResult, feedbackTask). */
  taskId: string | undefined;
  /** The handle the browser sent for it. */
  handle: unknown;
  session: string;
}

/**
 * The browser's answer to an upstream outcome. A task-creating request that was sent and lost may
 * have created (and charged) a task: 504 `CAPKIT_PROXY_TASK_MAY_EXIST`, which capkit's client never
 * re-sends. Only a request that provably never left gets the retryable 502.
 */
function answer(
  method: string,
  outcome: UpstreamOutcome,
  forwarded: Forwarded,
  config: ProxyConfig,
  cors: Record<string, string>,
): ProxyResponse {
  const { ticket } = forwarded;
  if (outcome.kind === 'not-sent') {
    ticket?.release();
    return errorResponse(
      {
        status: 502,
        code: 'CAPKIT_PROXY_UPSTREAM_UNREACHABLE',
        description: 'The CapSolver API could not be reached; nothing was sent',
      },
      cors,
    );
  }
  if (outcome.kind === 'lost') {
    // The ticket is kept: the task may exist, so it counts as in flight until its lifetime ends.
    const creates = CREATES_TASK.has(method);
    return errorResponse(
      creates
        ? {
            status: 504,
            code: 'CAPKIT_PROXY_TASK_MAY_EXIST',
            description: `The request to the CapSolver API ${outcome.reason}; the task may exist (and be charged), so do not send it again`,
          }
        : {
            status: 504,
            code: 'CAPKIT_PROXY_ANSWER_LOST',
            description: `The request to the CapSolver API ${outcome.reason}`,
          },
      cors,
    );
  }
  const envelope = { ...outcome.envelope };
  const refused = envelope.errorId !== 0;
  if (CREATES_TASK.has(method)) {
    const taskId = readTaskId(envelope.taskId);
    // Refused, solved inside the call (recognition, getToken), or no id to follow: not in flight.
    if (refused || taskId === undefined || envelope.status === 'ready' || method === 'getToken') ticket?.release();
    else ticket?.created(taskId, config.now() + config.taskLifetimeMs);
    if (taskId !== undefined) envelope.taskId = config.sealer.seal(taskId, forwarded.session);
  } else {
    if (
      forwarded.taskId !== undefined &&
      (refused ? !retriesSameRequest(envelope.errorCode) : taskEnded(envelope.status))
    )
      config.limiter.finished(forwarded.taskId);
    // The browser only ever sees its own handle.
    if ('taskId' in envelope) envelope.taskId = forwarded.handle;
  }
  const headers: Record<string, string> = {
    ...cors,
    'content-type': 'application/json',
    'cache-control': 'no-store',
  };
  if (outcome.retryAfter !== undefined && /^\d+$/.test(outcome.retryAfter)) headers['retry-after'] = outcome.retryAfter;
  return { status: outcome.status, headers, body: JSON.stringify(redactKey(envelope, config.apiKey)) };
}

const readTaskId = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : Number.isSafeInteger(value) ? String(value) : undefined;

const taskEnded = (status: unknown): boolean => status === 'ready' || status === 'failed';

/** A refusal after which the same query may be sent again (the task goes on): rate limit, busy service. */
const retriesSameRequest = (code: unknown): boolean =>
  typeof code === 'string' &&
  Object.hasOwn(ERROR_CODE_RULES, code) &&
  ERROR_CODE_RULES[code as ErrorCode].retry === 'request';

/** Same-origin (the Origin's host is the Host the request was sent to), or a configured origin. */
function originAllowed(origin: string, host: string | undefined, origins: ProxyConfig['origins']): boolean {
  if (origins === '*' || origins?.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    // `Origin: null` (sandboxed frames, file: pages) and garbage are no origin of this site.
    return false;
  }
}

function corsHeaders(origin: string | undefined, origins: ProxyConfig['origins']): Record<string, string> {
  if (!origin || !origins) return {};
  if (origins !== '*' && !origins.includes(origin)) return {};
  return origins === '*'
    ? { 'access-control-allow-origin': '*', vary: 'Origin' }
    : { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
}

function preflightHeaders(): Record<string, string> {
  return {
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
  };
}

function errorResponse(refusal: Refusal, headers: Record<string, string>): ProxyResponse {
  return {
    status: refusal.status,
    headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' },
    // The CapSolver error envelope, so clients report proxy refusals like any API error.
    body: JSON.stringify({ errorId: 1, errorCode: refusal.code, errorDescription: refusal.description }),
    close: refusal.close ?? false,
  };
}
