import { ERROR_CODE_RULES, type ErrorCategory, type ErrorCodeRule } from '@capkit/api';
import { RateLimitError, ServiceUnavailableError } from './apiErrors.js';
import { CapSolverError } from './CapSolverError.js';
import { TaskMayExistError, TransportError } from './clientErrors.js';
import { proxyCodeMeaning } from './proxyCodes.js';

// Every retry decision of capkit lives here: whether the transport sends a request again now, whether
// the task machine polls again later after a failed query, the `retryable` flag users read on an
// error, and what a caller that retries whole jobs (bullmq, the CLI's resume hint) may do next. The
// spec's error catalogue (`ERROR_CODES[code].retry`) drives the service's codes everywhere.

/** The catalogue, widened for lookups by any wire string (a code the spec does not list reads undefined). */
const RULES: Readonly<Record<string, ErrorCodeRule | undefined>> = ERROR_CODE_RULES;

/** The catalogue rule of a documented code, or `undefined` for a code the spec does not list (or none). */
export function errorCodeInfo(code: string | undefined): ErrorCodeRule | undefined {
  // Own keys only: "constructor" or "toString" are no error codes.
  return code !== undefined && Object.hasOwn(RULES, code) ? RULES[code] : undefined;
}

// ---------------------------------------------------------------- send again now (the transport)

/**
 * Whether an answer with this HTTP status (without a documented code) proves that a task-creating
 * request created nothing. Only a 429 does (a rate limiter answers before the request goes further).
 * A gateway's 5xx proves nothing: a 502/520/504 may come after the service created (and charged) the task.
 */
export function provesNothingCreated(status: number): boolean {
  return status === 429;
}

/**
 * Whether the transport sends a refused request (an envelope with `errorId > 0`) again. A documented
 * code is re-sent when the catalogue says `retry: 'request'` (the service did nothing: safe even for
 * createTask). An undocumented one is judged by its HTTP status: for a task-creating call only when
 * the status proves nothing was created (a 429), otherwise for 408, 429 and 5xx. A capkit proxy's
 * not-sent codes are re-sent (nothing reached the service).
 */
export function resendsRefusal(code: string | undefined, status: number, createsTask: boolean): boolean {
  const rule = errorCodeInfo(code);
  if (rule) return rule.retry === 'request';
  // A capkit proxy's refusal before anything was sent upstream (unreachable, its own rate limit).
  if (proxyCodeMeaning(code) === 'not-sent') return true;
  if (createsTask) return provesNothingCreated(status);
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether the transport sends a request again whose answer was lost or unusable (a network failure,
 * a timeout, an HTML page, a success lacking a field). A call that creates nothing always may; a
 * task-creating one only when something proves the first attempt created nothing (`proven`: the
 * request never left, or the status proves it). Otherwise the task may exist: never re-sent, as that
 * could pay twice.
 */
export function resendsLostAnswer(createsTask: boolean, proven: boolean): boolean {
  return !createsTask || proven;
}

// ---------------------------------------------------------------- poll again later (the task machine)

/**
 * Whether a failed `getTaskResult` is worth another query later (the task machine then waits and
 * polls again, within the budget and lifetime): the outcome was lost on the way (a transport failure),
 * or the service asked to repeat the request (`retry: 'request'`, whatever error carries the code).
 */
export function isTransientQueryFailure(error: unknown): boolean {
  if (error instanceof TaskMayExistError) return false;
  if (error instanceof TransportError) return true;
  if (!(error instanceof CapSolverError)) return false;
  const rule = errorCodeInfo(error.code);
  if (rule) return rule.retry === 'request';
  return (error instanceof RateLimitError || error instanceof ServiceUnavailableError) && error.retryable;
}

// ---------------------------------------------------------------- what users read

/**
 * The `retryable` flag of a refusal (`errorId > 0`): the catalogue's for a documented code; for an
 * undocumented one, true when its category (from the HTTP status) is a rate limit or the service.
 */
export function isRetryableRefusal(code: string | undefined, category: ErrorCategory | undefined): boolean {
  return errorCodeInfo(code)?.retryable ?? (category === 'rate-limit' || category === 'service');
}

/** The parts of a failure a retrying caller needs (a {@link CapSolverError}, or a job's stored record of one). */
export interface RetryFacts {
  code: string;
  taskId?: string | undefined;
  retryable?: boolean | undefined;
}

/** What a caller that retries whole solves (a queue's job, a CLI run) may do after a failure. */
export interface RetryAdvice {
  /** `false`: trying again cannot help (or could pay twice) until someone acts. */
  retryable: boolean;
  /**
   * `true`: the task may still be alive on the service, so a retry resumes it (same task id, query
   * count and lifetime) instead of paying for a new one.
   */
  resumable: boolean;
}

/**
 * Client codes that end the solve for good: the caller must decide (`TASK_MAY_EXIST`: the task may exist
 * and be charged), fix the setup (`CONFIGURATION`), or asked for it (`ABORTED`).
 */
const FINAL_CLIENT_CODES = new Set(['TASK_MAY_EXIST', 'CONFIGURATION', 'INVALID_SAVED_TASK', 'ABORTED']);
/** Codes saying the task itself is gone: only a new task can still produce a solution. */
const TASK_GONE_CODES = new Set(['TASK_EXPIRED', 'QUERY_BUDGET_EXHAUSTED', 'TASK_FAILED', 'ERROR_TASKID_INVALID']);
/** Client codes of a request that failed on the way (the task, if any, is untouched). */
const TRANSPORT_CODES = new Set(['NETWORK_ERROR', 'TIMEOUT', 'HTTP_ERROR', 'INVALID_RESPONSE']);

/**
 * Whether a whole solve may be tried again after `failure`, and whether the retry may keep its task.
 * The catalogue drives the service codes: `no` (zero balance, bad key, invalid task): not retryable;
 * `new-task` (unsolvable, server timeout): retryable with a new task; `request` / `after-cooldown`
 * (service unavailable, rate limit, IP ban): retryable, and a created task is still alive. A task that
 * is gone (expired, budget spent, unknown id) can only be retried with a new task. An undocumented
 * code keeps the error's own `retryable`, and a live task rather than paying twice.
 *
 * @example
 * ```ts
 * const { retryable, resumable } = retryAdvice(error);
 * if (resumable) await client.resume(handle.serialize());
 * ```
 */
export function retryAdvice(failure: RetryFacts): RetryAdvice {
  const hasTask = failure.taskId !== undefined;
  const { code } = failure;
  if (FINAL_CLIENT_CODES.has(code)) return { retryable: false, resumable: hasTask };
  if (TASK_GONE_CODES.has(code)) return { retryable: true, resumable: false };
  if (TRANSPORT_CODES.has(code)) return { retryable: true, resumable: hasTask };
  const rule = errorCodeInfo(code);
  if (rule?.retry === 'no') return { retryable: false, resumable: false };
  if (rule?.retry === 'new-task') return { retryable: true, resumable: false };
  if (rule) return { retryable: true, resumable: hasTask };
  return { retryable: failure.retryable === true, resumable: hasTask };
}
