import { SERVERS, type Method } from './generated/constants.js';
import type { RequestBody, ResponseBody } from './types.js';

/** Options of {@link createApiCaller}. */
export interface ApiCallerOptions {
  /** The API origin (or a proxy that forwards `POST /<method>`). Default `SERVERS[0]` (`https://api.capsolver.com`). */
  baseUrl?: string | undefined;
  /**
   * The fetch to send requests with: `typeof fetch` fits, and so does a retry/timeout wrapper. It is
   * called as `fetch(url, init)`. Default `globalThis.fetch`, looked up per request (so msw and test
   * doubles installed later are used).
   */
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
}

/** What one call resolves with: the HTTP response and its parsed JSON body. */
export interface ApiCallResult<M extends Method> {
  response: Response;
  /** The parsed body. On HTTP 200 it is the success shape or the error envelope: `errorId` decides. */
  data: ResponseBody<M>;
}

/**
 * Sends one API method: `call('getBalance', { clientKey })`. The body is typed from the spec's
 * `paths`; the answer is parsed JSON, whatever the HTTP status. Rejects with the fetch's error, or a
 * `SyntaxError` when the body is not JSON.
 */
export type ApiCaller = <M extends Method>(
  method: M,
  body: RequestBody<M>,
  init?: { signal?: AbortSignal | undefined },
) => Promise<ApiCallResult<M>>;

/**
 * Creates a minimal typed caller for the CapSolver API: every method is `POST /<method>` with a
 * JSON body, so a typed wrapper around `fetch` is all it takes: lighter than {@link createApiClient}
 * (openapi-fetch); use whichever you prefer. (`@capkit/core` sends through its own transport, typed
 * with the same `RequestBody<M>`, so an answer is read and parsed once.)
 *
 * @example
 * ```ts
 * const call = createApiCaller();
 * const { data } = await call('getBalance', { clientKey });
 * if (data.errorId === 0) console.log(data.balance);
 * ```
 */
export function createApiCaller(options: ApiCallerOptions = {}): ApiCaller {
  const baseUrl = (options.baseUrl ?? SERVERS[0]).replace(/\/+$/, '');
  const send = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  return async (method, body, init = {}) => {
    const response = await send(`${baseUrl}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: init.signal ?? null,
    });
    return { response, data: JSON.parse(await response.text()) };
  };
}
