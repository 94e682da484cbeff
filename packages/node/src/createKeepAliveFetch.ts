import { Agent, type Dispatcher } from 'undici';

/** Options of {@link createKeepAliveFetch}. */
export interface KeepAliveFetchOptions {
  /** Use this undici dispatcher instead of creating an `Agent` (e.g. a `ProxyAgent` or a `MockAgent`). */
  dispatcher?: Dispatcher;
  /** How long an idle connection stays open. Default 30 s: ten polls at the documented 3 s interval. */
  keepAliveTimeoutMs?: number;
  /** Most connections per origin. Default 16, enough for a batch of concurrent tasks. */
  connections?: number;
}

/** A `fetch` bound to one undici dispatcher, plus that dispatcher (close it to drop idle connections early). */
export interface KeepAliveFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The dispatcher every request goes through. */
  readonly dispatcher: Dispatcher;
}

/**
 * Creates a `fetch` that sends every request through one undici `Agent`, so the polls of a task (and of all
 * tasks of a client) reuse a few TLS connections instead of opening one per request.
 *
 * It calls the global `fetch` with the `dispatcher` option rather than undici's own `fetch`: the global one
 * accepts the global `Request` objects that openapi-fetch and other callers build, while undici's `fetch`
 * would refuse a `Request` from another undici copy. Idle sockets are unref'd by undici, so they never keep
 * a finished process alive.
 *
 * @example
 * ```ts
 * const fetchWithKeepAlive = createKeepAliveFetch({ keepAliveTimeoutMs: 10_000 });
 * await fetchWithKeepAlive('https://api.capsolver.com/getBalance', { method: 'POST', body: '{}' });
 * ```
 */
export function createKeepAliveFetch(options: KeepAliveFetchOptions = {}): KeepAliveFetch {
  const dispatcher =
    options.dispatcher ??
    new Agent({
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      connections: options.connections ?? 16,
    });
  const keepAliveFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    // `dispatcher` is an undici extension of RequestInit that the DOM typings do not know.
    globalThis.fetch(input, { ...init, dispatcher } as RequestInit);
  return Object.assign(keepAliveFetch, { dispatcher });
}
