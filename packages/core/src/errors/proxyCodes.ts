/**
 * The error codes of a capkit proxy (`@capkit/node`'s `createProxyHandler`) that say what happened to
 * the upstream request, so that the client behind it (the browser) never pays twice:
 * - `CAPKIT_PROXY_TASK_MAY_EXIST` (HTTP 504): the request left for the service and its answer was
 *   lost (a reset, the proxy's timeout, an oversized or unreadable answer). createTask may have
 *   created the task: the client raises `TaskMayExistError` and never re-sends it.
 * - `CAPKIT_PROXY_UPSTREAM_UNREACHABLE` (HTTP 502), `CAPKIT_PROXY_RATE_LIMITED` (HTTP 429) and
 *   `CAPKIT_PROXY_SESSION_STARTED` (HTTP 428: the proxy just issued the session cookie a task is
 *   bound to): nothing was sent upstream, so sending again is safe, even createTask.
 */
export const PROXY_CODES = {
  CAPKIT_PROXY_TASK_MAY_EXIST: 'may-exist',
  CAPKIT_PROXY_UPSTREAM_UNREACHABLE: 'not-sent',
  CAPKIT_PROXY_RATE_LIMITED: 'not-sent',
  CAPKIT_PROXY_SESSION_STARTED: 'not-sent',
} as const;

/** What a proxy code says about the upstream request, or `undefined` for any other code. */
export function proxyCodeMeaning(code: string | undefined): 'may-exist' | 'not-sent' | undefined {
  return Object.hasOwn(PROXY_CODES, code as string) ? PROXY_CODES[code as keyof typeof PROXY_CODES] : undefined;
}
