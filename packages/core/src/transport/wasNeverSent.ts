/**
 * Error codes that prove the request never left the client: the connection was never established
 * (refused, no route, DNS failure, connect timeout). Anything else (a reset, a timeout after
 * connecting, a browser's opaque `TypeError: Failed to fetch`) may have reached the service.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error codes in an error's cause chain (and inside an `AggregateError`'s errors). */
function codesOf(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === 'string' ? [own] : [];
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) for (const inner of nested) codes.push(...codesOf(inner, depth + 1));
  codes.push(...codesOf((error as { cause?: unknown }).cause, depth + 1));
  return codes;
}

/**
 * Whether a `fetch` rejection proves that the request never reached the server, so that even a
 * task-creating request may be sent again. `fetch` rejects with `TypeError('fetch failed')` whose
 * `cause.code` tells a refused connection (`ECONNREFUSED`) from a reset one (`ECONNRESET`).
 */
export function wasNeverSent(error: unknown): boolean {
  const codes = codesOf(error);
  return codes.length > 0 && codes.every((code) => NEVER_SENT_CODES.has(code));
}
