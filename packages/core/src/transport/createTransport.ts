import type { Method, RequestBody } from '@capkit/api';
import { RateLimitError } from '../errors/apiErrors.js';
import type { CapSolverError } from '../errors/CapSolverError.js';
import { AbortedError, TimeoutError, TransportError } from '../errors/clientErrors.js';
import { errorCodeInfo, errorFromEnvelope } from '../errors/errorFromEnvelope.js';
import { taskMayExist } from '../errors/taskMayExist.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { Timers } from '../timers.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import { readAnswer, snippet, type Envelope } from './readAnswer.js';
import { sleep, whenAborted } from './sleep.js';
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

/** A successful answer (`errorId: 0`): the parsed envelope and the HTTP status it came with. */
export interface Success {
  envelope: Envelope;
  status: number;
}

/** Sends API calls: timeouts, retries, validation at the boundary. */
export interface Transport {
  /**
   * Sends `POST <baseUrl>/<method>` with `body` as JSON (serialized once, whatever the retries) and
   * resolves with the API's success envelope, parsed. A refusal (`errorId > 0`) rejects with its typed
   * error ({@link errorFromEnvelope}), anything that is not the envelope with a typed transport error.
   */
  send<M extends Method>(method: M, body: RequestBody<M>, policy: CallPolicy, signal?: AbortSignal): Promise<Success>;
}

/** The same headers for every request (fetch copies them; nothing mutates this object). */
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * What one attempt came to: a success, or the typed error it amounts to, whether sending again may
 * help, and the wait the answer asked for (`Retry-After`).
 */
type Outcome = { success: Success; error?: undefined } | { success?: undefined; error: CapSolverError; retry: boolean; wait?: number | undefined };

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
  const aborted = (method: Method, reason: unknown) => new AbortedError(`${method} was aborted by the caller.`, { cause: safeCause(reason) });

  /** Sends the request once, under the timeout, and judges what came back. */
  async function attemptOnce(url: string, init: RequestInit, policy: CallPolicy, taskId: string | undefined): Promise<Outcome> {
    const { method, createsTask } = policy;
    const timeoutMs = policy.timeoutMs ?? options.timeoutMs;
    const signal = init.signal;
    const controller = new AbortController();
    const stop = whenAborted(signal, () => controller.abort(signal?.reason));
    let timedOut = false;
    const timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url, { ...init, signal: controller.signal });
      // The body is read under the same timeout: a stalled body is as lost as a stalled header.
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw aborted(method, signal.reason);
      const failure = timedOut
        ? new TimeoutError(`${method} got no answer within ${timeoutMs} ms.`)
        : new TransportError(`${method} request failed: ${describeFailure(error)}`, { cause: safeCause(error) });
      // A task-creating request is sent again only when it provably never left.
      if (!createsTask || (!timedOut && wasNeverSent(error))) return { error: failure, retry: true };
      return { error: taskMayExist(failure.message, { cause: failure }), retry: false };
    } finally {
      timers.clearTimeout(timer);
      stop();
    }
    return judgeAnswer(response, text, policy, taskId);
  }

  /** The outcome of an answer: its success, or the typed error for a refusal or for what came instead of the envelope. */
  function judgeAnswer({ status, headers }: Response, text: string, { method, createsTask }: CallPolicy, taskId: string | undefined): Outcome {
    const wait = parseRetryAfter(headers, now());
    const { envelope, reason, cause } = readAnswer(text, headers.get('content-type'));
    if (envelope?.errorId === 0) return { success: { envelope, status } };
    if (envelope) {
      const info = errorCodeInfo(envelope.errorCode);
      const error = errorFromEnvelope(envelope, { status, taskId, retryAfterMs: wait, redactor });
      // A `retry: 'request'` refusal means the service did nothing: safe even for createTask.
      const retry = info ? info.retry === 'request' : createsTask ? provesNothingCreated(status) : status === 408 || status === 429 || status >= 500;
      return { error, retry, wait };
    }
    // Not the envelope: an HTML error page, a cut body, nothing.
    const what = `${method} answered HTTP ${status} with ${reason}`;
    const body = redactor.string(snippet(text));
    const message = body ? `${what}: ${body}` : what;
    // The parse error when there is one; otherwise the (redacted) start of what came back.
    const settings = { status, cause: cause ?? new Error(`body: ${body || '(empty)'}`) };
    const error: CapSolverError =
      status === 429
        ? new RateLimitError(message, { ...settings, code: 'HTTP_ERROR', retryable: true, retryAfterMs: wait })
        : new TransportError(message, { ...settings, code: status >= 400 ? 'HTTP_ERROR' : 'INVALID_RESPONSE' });
    if (!createsTask || provesNothingCreated(status)) return { error, retry: true, wait };
    return { error: taskMayExist(what, { status, cause: error }), retry: false };
  }

  async function sendWithRetries(url: string, init: RequestInit, policy: CallPolicy, taskId: string | undefined): Promise<Success> {
    const { method, notAfter = Infinity } = policy;
    const maxAttempts = Math.max(1, Math.min(options.maxRetries + 1, policy.maxAttempts ?? Infinity));
    for (let attempt = 1; ; attempt += 1) {
      const startedAt = now();
      const outcome = await attemptOnce(url, init, policy, taskId);
      const { success, error } = outcome;
      logger.debug(`${method} attempt ${attempt}`, { outcome: error ? error.code : `HTTP ${success.status}`, ms: now() - startedAt });
      if (success) return success;
      if (!outcome.retry || attempt >= maxAttempts) throw error;
      const { wait } = outcome;
      const delay = wait !== undefined && wait <= backoff.maxRetryAfterMs ? wait : backoffDelay(attempt, backoff, random);
      if (now() + delay > notAfter) throw error;
      logger.info(`Retrying ${method} in ${Math.round(delay)} ms`, { attempt: attempt + 1, maxAttempts });
      await sleep(delay, timers, init.signal ?? undefined).catch((reason: unknown) => {
        throw aborted(method, reason);
      });
      // A timer can fire late (a stalled process): check the deadline again before the retry is
      // counted. (The store write `onRetry` waits for is covered by the lifetime's safety margin.)
      if (now() > notAfter) throw error;
      await policy.onRetry?.();
    }
  }

  return {
    send: (method, body, policy, signal) =>
      sendWithRetries(
        `${options.baseUrl}/${method}`,
        { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), signal: signal ?? null },
        policy,
        // The task a refusal is about (its error names it).
        (body as { taskId?: string }).taskId,
      ),
  };
}
