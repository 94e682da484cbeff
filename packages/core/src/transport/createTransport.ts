import type { Method } from '@capkit/api';
import { RateLimitError } from '../errors/apiErrors.js';
import type { CapSolverError } from '../errors/CapSolverError.js';
import { AbortedError, TaskMayExistError, TimeoutError, TransportError } from '../errors/clientErrors.js';
import { errorCodeInfo } from '../errors/errorFromEnvelope.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { Timers } from '../timers.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import { readAnswer, snippet, type Answer } from './readAnswer.js';
import { sleep } from './sleep.js';
import { wasNeverSent } from './wasNeverSent.js';

/** Settings of a {@link Transport}, resolved by the client. */
export interface TransportOptions {
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
  /** Called just before each retry is sent (so it can be counted). */
  onRetry?: (() => void) | undefined;
}

/** The fetch wrapper under the @capkit/api client: timeouts, retries, validation at the boundary. */
export interface Transport {
  /** A `fetch` for one call, to hand to `createApiClient`. It resolves only with the API's envelope. */
  fetchFor(policy: CallPolicy): typeof fetch;
}

interface OutgoingRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
}

type Outcome = { kind: 'answer'; answer: Answer } | { kind: 'failure'; error: CapSolverError; neverSent: boolean };

/** Gateway timeouts: the origin may have processed the request, so they prove nothing. */
const GATEWAY_TIMEOUTS = new Set([504, 524]);
const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
/** An answer with this status proves that a task-creating request created nothing. */
const provesNothingCreated = (status: number): boolean => status === 429 || (status >= 500 && !GATEWAY_TIMEOUTS.has(status));

/**
 * Creates the transport: a `fetch` wrapper with a per-request timeout, jittered exponential retries
 * (network errors, 408/429/5xx, `ERROR_SERVICE_UNAVALIABLE`, `ERROR_RATE_LIMIT` — every code whose
 * catalogue entry says `retry: 'request'`), `Retry-After` honoured up to a cap, and validation of
 * every answer: what reaches openapi-fetch is always the API's JSON envelope; anything else becomes a
 * typed error with the HTTP status and a cause.
 *
 * Task-creating calls are re-sent only when the failure proves no task was created (connection
 * refused, a 429/5xx answer, a `retry: 'request'` refusal). Otherwise they fail with
 * {@link TaskMayExistError}: paying twice is worse than asking the caller.
 */
export function createTransport(options: TransportOptions): Transport {
  const random = options.random ?? Math.random;
  const { logger, redactor, timers, now } = options;

  const describeFailure = (error: unknown): string => {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = cause && typeof cause === 'object' ? [cause.code, cause.message].filter((part) => typeof part === 'string').join(': ') : '';
    return redactor.string(`${error instanceof Error ? error.message : String(error)}${detail ? ` (${detail})` : ''}`);
  };
  // Keep the original error as the cause (its `code` is useful) unless it carries a secret.
  const safeCause = (error: unknown): unknown =>
    redactor.contains(error) ? new Error(describeFailure(error)) : error;

  async function attemptOnce(request: OutgoingRequest, policy: CallPolicy): Promise<Outcome> {
    const timeoutMs = policy.timeoutMs ?? options.timeoutMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await options.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      // The body is read under the same timeout: a stalled body is as lost as a stalled header.
      const text = await response.text();
      return { kind: 'answer', answer: readAnswer(response.status, response.headers, text) };
    } catch (error) {
      if (request.signal?.aborted) {
        throw new AbortedError(`${policy.method} was aborted by the caller.`, { cause: safeCause(request.signal.reason) });
      }
      if (timedOut) {
        return { kind: 'failure', neverSent: false, error: new TimeoutError(`${policy.method} got no answer within ${timeoutMs} ms.`) };
      }
      const failure = new TransportError(`${policy.method} request failed: ${describeFailure(error)}`, { cause: safeCause(error) });
      return { kind: 'failure', neverSent: wasNeverSent(error), error: failure };
    } finally {
      timers.clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  function isRetryable(outcome: Outcome, policy: CallPolicy): boolean {
    if (outcome.kind === 'failure') return !policy.createsTask || outcome.neverSent;
    const { answer } = outcome;
    if (answer.kind === 'envelope') {
      if (answer.envelope.errorId === 0) return false;
      const info = errorCodeInfo(answer.envelope.errorCode);
      // A `retry: 'request'` refusal means the service did nothing: safe even for createTask.
      if (info) return info.retry === 'request';
      return policy.createsTask ? provesNothingCreated(answer.status) : isRetryableStatus(answer.status);
    }
    if (policy.createsTask) return provesNothingCreated(answer.status);
    return true;
  }

  /** The end of a call: the envelope, or the typed error for what was seen last. */
  function settle(outcome: Outcome, policy: CallPolicy): Answer & { kind: 'envelope' } {
    if (outcome.kind === 'failure') {
      if (policy.createsTask && !outcome.neverSent) throw taskMayExist(policy, outcome.error.message, outcome.error);
      throw outcome.error;
    }
    const { answer } = outcome;
    if (answer.kind === 'envelope') return answer;
    const what = `${policy.method} answered HTTP ${answer.status} with ${answer.reason}`;
    const body = answer.text.trim() ? `: ${redactor.string(snippet(answer.text))}` : '';
    // The parse error when there is one; otherwise the (redacted) start of what came back.
    const cause = answer.cause ?? new Error(`body${body || ': (empty)'}`);
    if (policy.createsTask && !provesNothingCreated(answer.status)) {
      throw taskMayExist(policy, what, new TransportError(`${what}${body}`, { code: 'INVALID_RESPONSE', status: answer.status, cause }));
    }
    const status = answer.status;
    if (status === 429) {
      throw new RateLimitError(`${what}${body}`, { code: 'HTTP_ERROR', status, retryable: true, retryAfterMs: parseRetryAfter(answer.headers, now()), cause });
    }
    throw new TransportError(`${what}${body}`, { code: status >= 400 ? 'HTTP_ERROR' : 'INVALID_RESPONSE', status, cause });
  }

  function taskMayExist(policy: CallPolicy, what: string, cause: CapSolverError): TaskMayExistError {
    return new TaskMayExistError(
      `${what.replace(/\.$/, '')}. The ${policy.method} request may have reached the service, so the task may exist (and be charged); it was not re-sent.`,
      { status: cause.status, cause },
    );
  }

  function retryDelay(retry: number, outcome: Outcome): number {
    const exponential = backoffDelay(retry, options.backoff, random);
    if (outcome.kind !== 'answer') return exponential;
    const asked = parseRetryAfter(outcome.answer.headers, now());
    return asked !== undefined && asked <= options.backoff.maxRetryAfterMs ? asked : exponential;
  }

  async function send(request: OutgoingRequest, policy: CallPolicy): Promise<Answer & { kind: 'envelope' }> {
    const maxAttempts = Math.max(1, Math.min(options.maxRetries + 1, policy.maxAttempts ?? Number.POSITIVE_INFINITY));
    for (let attempt = 1; ; attempt += 1) {
      const startedAt = now();
      const outcome = await attemptOnce(request, policy);
      logger.debug(`${policy.method} attempt ${attempt}`, {
        outcome: outcome.kind === 'answer' ? `HTTP ${outcome.answer.status}` : outcome.error.code,
        ms: now() - startedAt,
      });
      if (!isRetryable(outcome, policy) || attempt >= maxAttempts) return settle(outcome, policy);
      const delay = retryDelay(attempt, outcome);
      if (policy.notAfter !== undefined && now() + delay > policy.notAfter) return settle(outcome, policy);
      logger.info(`Retrying ${policy.method} in ${Math.round(delay)} ms`, { attempt: attempt + 1, maxAttempts });
      try {
        await sleep(delay, timers, request.signal);
      } catch (reason) {
        throw new AbortedError(`${policy.method} was aborted by the caller.`, { cause: safeCause(reason) });
      }
      policy.onRetry?.();
    }
  }

  return {
    fetchFor(policy) {
      return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        const request = input instanceof Request ? input : new Request(input, init);
        const outgoing: OutgoingRequest = {
          url: request.url,
          method: request.method,
          headers: new Headers(request.headers),
          body: await request.text(),
          signal: init?.signal ?? request.signal,
        };
        const answer = await send(outgoing, policy);
        const headers = new Headers(answer.headers);
        // The body was decoded already; its original framing headers no longer describe it.
        for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name);
        headers.set('content-type', 'application/json');
        return new Response(answer.text, { status: answer.status, headers });
      };
    },
  };
}
