import { BodyTooLargeError, readBodyLimited } from './readBodyLimited.js';
import { redactKey } from './redactKey.js';

/** The resolved settings of a proxy handler. */
export interface ProxyConfig {
  apiKey: string;
  allowed: ReadonlySet<string>;
  maxBodyBytes: number;
  baseUrl: string;
  origins: readonly string[] | '*' | undefined;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
}

/** A request as both adapters (node:http and fetch) can describe it. */
export interface ProxyRequest {
  method: string;
  pathname: string;
  header(name: string): string | undefined;
  /** The raw body, or an already parsed one when a body parser ran before the handler. */
  body: AsyncIterable<Uint8Array> | { parsed: unknown };
  signal?: AbortSignal;
}

/** What the adapters write back. */
export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Close the connection after answering: set when part of the request body was left unread. */
  close?: boolean;
}

/**
 * The transport-neutral core of `createProxyHandler`: checks origin, path, method, content type and size,
 * parses the JSON, injects the key, forwards to the upstream API and redacts the key from the answer.
 */
export async function handleProxyRequest(request: ProxyRequest, config: ProxyConfig): Promise<ProxyResponse> {
  const origin = request.header('origin');
  const cors = corsHeaders(origin, config.origins);
  const fail = (status: number, code: string, description: string, extra: Partial<ProxyResponse> = {}) =>
    errorResponse(status, code, description, { ...cors, ...extra.headers }, extra.close);

  if (origin && config.origins && !cors['access-control-allow-origin']) {
    return fail(403, 'CAPKIT_PROXY_ORIGIN_FORBIDDEN', 'This origin may not use the CapSolver proxy');
  }
  if (request.method === 'OPTIONS') {
    return { status: 204, headers: { ...cors, ...preflightHeaders() }, body: '' };
  }
  const method = request.pathname.split('/').filter(Boolean).pop() ?? '';
  if (!config.allowed.has(method)) {
    return fail(404, 'CAPKIT_PROXY_METHOD_NOT_ALLOWED', `Not an allowed CapSolver method: ${method || '/'}`);
  }
  if (request.method !== 'POST') {
    return fail(405, 'CAPKIT_PROXY_POST_ONLY', 'Every CapSolver method is a POST', {
      headers: { allow: 'POST, OPTIONS' },
    });
  }
  const parsed = await readJson(request, config.maxBodyBytes);
  if ('error' in parsed)
    return fail(parsed.error.status, parsed.error.code, parsed.error.description, { close: parsed.error.close });

  return forward(method, { ...parsed.value, clientKey: config.apiKey }, request.signal, config, cors);
}

type ReadResult =
  | { value: Record<string, unknown> }
  | { error: { status: number; code: string; description: string; close?: boolean } };

async function readJson(request: ProxyRequest, maxBodyBytes: number): Promise<ReadResult> {
  if ('parsed' in request.body) return asObject(request.body.parsed);
  // Requiring JSON forces a CORS preflight for cross-origin callers: a plain HTML form cannot spend the balance.
  if (!/^application\/json\b/i.test(request.header('content-type') ?? '')) {
    return {
      error: {
        status: 415,
        code: 'CAPKIT_PROXY_UNSUPPORTED_MEDIA_TYPE',
        description: 'Send the body as application/json',
        close: true,
      },
    };
  }
  const tooLarge = {
    status: 413,
    code: 'CAPKIT_PROXY_BODY_TOO_LARGE',
    description: `The body exceeds ${maxBodyBytes} bytes`,
    close: true,
  };
  if (Number(request.header('content-length') ?? 0) > maxBodyBytes) return { error: tooLarge };
  let text: string;
  try {
    text = await readBodyLimited(request.body, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { error: tooLarge };
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

async function forward(
  method: string,
  body: Record<string, unknown>,
  clientSignal: AbortSignal | undefined,
  config: ProxyConfig,
  cors: Record<string, string>,
): Promise<ProxyResponse> {
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = clientSignal ? AbortSignal.any([clientSignal, timeout]) : timeout;
  try {
    const upstream = await config.fetch(`${config.baseUrl}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    const text = await upstream.text();
    const headers = {
      ...cors,
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    };
    return { status: upstream.status, headers, body: redactKey(text, config.apiKey) };
  } catch (error) {
    // Only the error's kind is reported: its message could quote the request.
    const kind = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
    return errorResponse(502, 'CAPKIT_PROXY_UPSTREAM_UNREACHABLE', `The request to the CapSolver API ${kind}`, cors);
  }
}

function corsHeaders(origin: string | undefined, origins: ProxyConfig['origins']): Record<string, string> {
  if (!origin || !origins) return {};
  if (origins !== '*' && !origins.includes(origin)) return {};
  return { 'access-control-allow-origin': origins === '*' ? '*' : origin, vary: 'Origin' };
}

function preflightHeaders(): Record<string, string> {
  return {
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
  };
}

function errorResponse(
  status: number,
  code: string,
  description: string,
  headers: Record<string, string>,
  close = false,
): ProxyResponse {
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' },
    // The CapSolver error envelope, so clients report proxy refusals like any API error.
    body: JSON.stringify({ errorId: 1, errorCode: code, errorDescription: description }),
    close,
  };
}
