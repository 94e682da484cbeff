import type { IncomingMessage, ServerResponse } from 'node:http';
import { METHODS, SERVERS, type Method } from '@capkit/api';
import { createKeepAliveFetch } from './createKeepAliveFetch.js';
import { handleProxyRequest, type ProxyConfig, type ProxyRequest, type ProxyResponse } from './handleProxyRequest.js';
import { iterateStream } from './readBodyLimited.js';

/** Options of {@link createProxyHandler}. */
export interface ProxyHandlerOptions {
  /** The CapSolver key the handler adds to every forwarded request. It never reaches the browser. */
  apiKey: string;
  /** The methods browsers may call. Default: all of `METHODS` (createTask, getTaskResult, getBalance, getToken, feedbackTask). */
  allow?: readonly Method[];
  /** Largest accepted body; larger ones get 413. Default 2 MiB (room for 9 base64 images). */
  maxBodyBytes?: number;
  /** Where requests are forwarded. Default `https://api.capsolver.com`. */
  baseUrl?: string;
  /** Origins that get CORS headers (`'*'` for any). Default none: same-origin use only. */
  origins?: readonly string[] | '*';
  /** The `fetch` used for upstream requests. Default a keep-alive fetch (undici `Agent`). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Upstream request timeout. Default 150 s, above the server's 120 s solve limit for `getToken`. */
  timeoutMs?: number;
}

/** A request handler for node:http (and Express, Connect, Fastify's raw mode) with a fetch-style twin. */
export interface ProxyHandler {
  /** Handles a node:http request. A body already parsed by a body parser (`req.body`) is used as is. */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Handles a fetch-style request (Hono, Next.js route handlers, Deno/Bun-style servers). */
  fetch(request: Request): Promise<Response>;
}

/**
 * Creates a backend endpoint through which browser code calls CapSolver without ever holding the key.
 *
 * Mount it under any prefix; the last path segment names the method (`/api/capsolver/createTask`). It
 * accepts only `POST` of a JSON object to an allowed method (404 for other paths, 405 for other verbs,
 * 415 for non-JSON, 413 over `maxBodyBytes`, 400 for malformed JSON), sets `clientKey` to `apiKey`
 * (overwriting whatever the browser sent), forwards to `baseUrl`, and strips the key from anything it
 * returns. With `origins`, it answers CORS preflights and refuses other origins with 403. Its own refusals
 * use the CapSolver error envelope with `CAPKIT_PROXY_*` codes.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createProxyHandler } from '@capkit/node';
 *
 * const handler = createProxyHandler({ apiKey: process.env.CAPSOLVER_API_KEY ?? '', origins: ['https://app.example.com'] });
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
  const allowed = new Set<string>(options.allow ?? METHODS);
  for (const method of allowed) {
    if (!(METHODS as readonly string[]).includes(method))
      throw new TypeError(`Unknown CapSolver method in allow: ${method}`);
  }
  return {
    apiKey: options.apiKey,
    allowed,
    maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
    baseUrl: (options.baseUrl ?? SERVERS[0]).replace(/\/+$/, ''),
    origins: options.origins,
    fetch: options.fetch ?? createKeepAliveFetch(),
    timeoutMs: options.timeoutMs ?? 150_000,
  };
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
    header,
    body: preParsed ? { parsed: req.body } : req,
    signal,
  };
}

function fromRequest(request: Request): ProxyRequest {
  return {
    method: request.method,
    pathname: new URL(request.url).pathname,
    header: (name) => request.headers.get(name) ?? undefined,
    body: request.body ? iterateStream(request.body) : emptyBody(),
    signal: request.signal,
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
