import type { Method, RequestBody } from '@capkit/api';
import { RateLimitError } from '../errors/apiErrors.js';
import type { CapSolverError } from '../errors/CapSolverError.js';
import { AbortedError, TimeoutError, TransportError } from '../errors/clientErrors.js';
import { taskMayExist } from '../errors/taskMayExist.js';
import { errorCodeInfo } from '../errors/errorFromEnvelope.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { Timers } from '../timers.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import { readAnswer, snippet, type Answer, type Envelope } from './readAnswer.js';
import { sleep } from './sleep.js';
import { wasNeverSent } from './wasNeverSent.js';

/** Settings of a {@link Transport}, resolved by the client. */
export interface TransportOptions {
  /** The API origin (or the proxy), without a trailing slash: requests go to `POST <baseUrl>/<method>`. */
  baseUrl: string;
  fetch: typeof fetch;
  /** Per-request timeout, unless a call sets its own. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  backoff: BackoffOptions;
  timers: Timers;
  now: () => number;
  logger: Logger;
  redactor: Redactor;
  /** Random numbers in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
}

/** How one API call may be sent. */
export interface CallPolicy {
  method: Method;
  /**
   * Sending the request twice could create (and charge) two tasks: it is re-sent only when the
   * failure proves the first attempt created nothing.
   */
  createsTask: boolean;
  /** This call's timeout per request. */
  timeoutMs?: number | undefined;
  /** At most this many requests, the first included (the task's remaining query budget). */
  maxAttempts?: number | undefined;
  /** No request is sent after this moment (epoch ms). */
  notAfter?: number | undefined;
  /** Called (and awaited) just before each retry is sent, so it can be counted and the count stored. */
  onRetry?: (() => unknown) | undefined;
}

/** Sends API calls: timeouts, retries, validation at the boundary. */
export interface Transport {
  /**
   * Sends `POST <baseUrl>/<method>` with `body` as JSON (serialized once, whatever the retries) and
   * resolves only with an answer that carries the API's envelope (already parsed); anything else
   * rejects with a typed error.
   */
  send<M extends Method>(method: M, body: RequestBody<M>, policy: CallPolicy, signal?: AbortSignal): Promise<Answer & { envelope: Envelope }>;
}

/** The same headers for every request (fetch copies them; nothing mutates this object). */
const JSON_HEADERS = { 'content-type': 'application/json' };

/** What one attempt came to: an answer, or a failure (and whether it proves nothing was sent). */
type Outcome = { answer: Answer; error?: undefined; neverSent?: undefined } | { answer?: undefined; error: CapSolverError; neverSent: boolean };

/** An answer with this status proves that a task-creating request created nothing (gateway timeouts 504/524 prove nothing). */
const provesNothingCreated = (status: number): boolean => status === 429 || (status >= 500 && status !== 504 && status !== 524);

/**
 * Creates the transport: a `fetch` wrapper with a per-request timeout, jittered exponential retries
 * (network errors, 408/429/5xx, `ERROR_SERVICE_UNAVALIABLE`, `ERROR_RATE_LIMIT` — every code whose
 * catalogue entry says `retry: 'request'`), `Retry-After` honoured up to a cap, and validation of
 * every answer: what reaches the API caller is always the API's JSON envelope; anything else becomes
 * a typed error with the HTTP status and a cause.
 *
 * Task-creating calls are re-sent only when the failure proves no task was created (connection
 * refused, a 429/5xx answer, a `retry: 'request'` refusal). Otherwise they fail with
 * `TaskMayExistError`: paying twice is worse than asking the caller.
 */
export function createTransport(options: TransportOptions): Transport {
  const { logger, redactor, timers, now, backoff, random = Math.random } = options;

  const describeFailure = (error: unknown): string => {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = cause && typeof cause === 'object' ? [cause.code, cause.message].filter((part) => typeof part === 'string').join(': ') : '';
    return redactor.string(`${error instanceof Error ? error.message : String(error)}${detail ? ` (${detail})` : ''}`);
  };
  // Keep the original error as the cause (its `code` is useful) unless it carries a secret.
  const safeCause = (error: unknown): unknown => (redactor.contains(error) ? new Error(describeFailure(error)) : error);
  const aborted = (policy: CallPolicy, reason: unknown) => new AbortedError(`${policy.method} was aborted by the caller.`, { cause: safeCause(reason) });

  async function attemptOnce(url: string, init: RequestInit, policy: CallPolicy): Promise<Outcome> {
    const timeoutMs = policy.timeoutMs ?? options.timeoutMs;
    const signal = init.signal;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await options.fetch(url, { ...init, signal: controller.signal });
      // The body is read under the same timeout: a stalled body is as lost as a stalled header.
      return { answer: readAnswer(response.status, response.headers, await response.text()) };
    } catch (error) {
      if (signal?.aborted) throw aborted(policy, signal.reason);
      if (timedOut) return { neverSent: false, error: new TimeoutError(`${policy.method} got no answer within ${timeoutMs} ms.`) };
      const failure = new TransportError(`${policy.method} request failed: ${describeFailure(error)}`, { cause: safeCause(error) });
      return { neverSent: wasNeverSent(error), error: failure };
    } finally {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function isRetryable({ answer, neverSent }: Outcome, { createsTask }: CallPolicy): boolean {
    if (!answer) return !createsTask || neverSent;
    const { envelope, status } = answer;
    if (envelope?.errorId === 0) return false;
    const info = errorCodeInfo(envelope?.errorCode);
    // A `retry: 'request'` refusal means the service did nothing: safe even for createTask.
    if (info) return info.retry === 'request';
    if (createsTask) return provesNothingCreated(status);
    return !envelope || status === 408 || status === 429 || status >= 500;
  }

  /** The end of a call: the envelope, or the typed error for what was seen last. */
  function settle(outcome: Outcome, policy: CallPolicy): Answer & { envelope: Envelope } {
    const { answer, error } = outcome;
    if (!answer) throw policy.createsTask && !outcome.neverSent ? taskMayExist(error.message, { cause: error }) : error;
    if (answer.envelope) return answer as Answer & { envelope: Envelope };
    const { status, text } = answer;
    const what = `${policy.method} answered HTTP ${status} with ${answer.reason}`;
    const message = what + (text.trim() ? `: ${redactor.string(snippet(text))}` : '');
    // The parse error when there is one; otherwise the (redacted) start of what came back.
    const cause = answer.cause ?? new Error(`body${message.slice(what.length) || ': (empty)'}`);
    if (policy.createsTask && !provesNothingCreated(status)) {
      throw taskMayExist(what, { status, cause: new TransportError(message, { code: 'INVALID_RESPONSE', status, cause }) });
    }
    if (status === 429) {
      throw new RateLimitError(message, { code: 'HTTP_ERROR', status, retryable: true, retryAfterMs: parseRetryAfter(answer.headers, now()), cause });
    }
    throw new TransportError(message, { code: status >= 400 ? 'HTTP_ERROR' : 'INVALID_RESPONSE', status, cause });
  }

  async function sendWithRetries(url: string, init: RequestInit, policy: CallPolicy): Promise<Answer & { envelope: Envelope }> {
    const { notAfter = Infinity } = policy;
    const maxAttempts = Math.max(1, Math.min(options.maxRetries + 1, policy.maxAttempts ?? Infinity));
    for (let attempt = 1; ; attempt += 1) {
      const startedAt = now();
      const outcome = await attemptOnce(url, init, policy);
      const { answer } = outcome;
      logger.debug(`${policy.method} attempt ${attempt}`, { outcome: answer ? `HTTP ${answer.status}` : outcome.error.code, ms: now() - startedAt });
      if (!isRetryable(outcome, policy) || attempt >= maxAttempts) return settle(outcome, policy);
      const asked = answer && parseRetryAfter(answer.headers, now());
      const delay = asked !== undefined && asked <= backoff.maxRetryAfterMs ? asked : backoffDelay(attempt, backoff, random);
      if (now() + delay > notAfter) return settle(outcome, policy);
      logger.info(`Retrying ${policy.method} in ${Math.round(delay)} ms`, { attempt: attempt + 1, maxAttempts });
      await sleep(delay, timers, init.signal ?? undefined).catch((reason: unknown) => {
        throw aborted(policy, reason);
      });
      // A timer can fire late (a stalled process): check the deadline again before the retry is
      // counted. (The store write `onRetry` waits for is covered by the lifetime's safety margin.)
      if (now() > notAfter) return settle(outcome, policy);
      await policy.onRetry?.();
    }
  }

  return {
    send: (method, body, policy, signal) =>
      sendWithRetries(`${options.baseUrl}/${method}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), signal: signal ?? null }, policy),
  };
}
