/** What a `fetch` rejection tells about the failure. */
export interface FetchFailure {
  /** Detail for the error message beyond the rejection's own message (Node: its cause's code and message). */
  detail: string;
  /** Whether it proves the request never reached the server, so that even a task-creating request may be sent again. */
  neverSent: boolean;
}

/** Reads a `fetch` rejection: what a runtime's failures look like is where the runtimes differ. */
export type FetchFailureReader = (error: unknown) => FetchFailure;

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
 * Reads a rejection of Node's `fetch` (undici): `TypeError('fetch failed')` whose `cause.code` tells a
 * refused connection (`ECONNREFUSED`: never sent) from a reset one (`ECONNRESET`: may have arrived),
 * and whose cause's code and message are the useful part of the message.
 */
export const readFetchFailure: FetchFailureReader = (error) => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const codes = codesOf(error);
  return {
    detail:
      cause && typeof cause === 'object'
        ? [cause.code, cause.message].filter((part) => typeof part === 'string').join(': ')
        : '',
    neverSent: codes.length > 0 && codes.every((code) => NEVER_SENT_CODES.has(code)),
  };
};
