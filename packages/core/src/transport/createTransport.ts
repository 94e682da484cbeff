import type { Method } from '@capkit/api';
import { RateLimitError } from '../errors/apiErrors.js';
import type { CapSolverError } from '../errors/CapSolverError.js';
import { AbortedError, TaskExpiredError, TimeoutError, TransportError } from '../errors/clientErrors.js';
import { errorFromEnvelope } from '../errors/errorFromEnvelope.js';
import { proxyCodeMeaning } from '../errors/proxyCodes.js';
import { provesNothingCreated, resendsLostAnswer, resendsRefusal } from '../errors/retryRules.js';
import { taskMayExist } from '../errors/taskMayExist.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { Timers } from '../timers.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import type { FetchFailureReader } from './readFetchFailure.js';
import { readAnswer, snippet, type Envelope } from './readAnswer.js';
import { AnswerTooLargeError, readBodyText } from './readBodyText.js';
import { sleep, whenAborted } from './sleep.js';

/** Settings of a {@link Transport}, resolved by the client. */
export interface TransportOptions {
  /** The API origin (or the proxy), without a trailing slash: requests go to `POST <baseUrl>/<method>`. */
  baseUrl: string;
  fetch: typeof fetch;
  /** Per-request timeout, unless a call sets its own. */
  timeoutMs: number;
  /** The largest answer body read; a larger one is refused unread (a typed error, never a 200 MB buffer). */
  maxAnswerBytes: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  backoff: BackoffOptions;
  timers: Timers;
  now: () => number;
  logger: Logger;
  redactor: Redactor;
  /** Random numbers in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Reads the runtime's `fetch` rejections (Node's tell a refused connection from a reset one). */
  readFetchFailure: FetchFailureReader;
}

/** How one API call may be sent, and what its success must hold. */
export interface CallPolicy<R, M extends Method = Method> {
  method: M;
  /**
   * Sending the request twice could create (and charge) two tasks: it is re-sent only when the
   * failure proves the first attempt created nothing.
   */
  createsTask: boolean;
  /**
   * Reads what the client needs from a success envelope (`errorId: 0`), or says what it lacks (a
   * string): such an answer is as unusable as one that is not the envelope at all.
   */
  read: (envelope: Envelope) => R | string;
  /** This call's timeout per request. */
  timeoutMs?: number | undefined;
  /** At most this many requests, the first included (the task's remaining query budget). */
  maxAttempts?: number | undefined;
  /** No request is sent after this moment (epoch ms). */
  notAfter?: number | undefined;
  /** Called (and awaited) just before each retry is sent, so it can be counted and the count stored. */
  onRetry?: (() => unknown) | undefined;
  /** The caller's cancellation: it stops the request in flight and any wait before a retry. */
  signal?: AbortSignal | undefined;
}

/** Sends API calls: timeouts, retries, validation at the boundary. */
export interface Transport {
  /**
   * Sends `POST <baseUrl>/<policy.method>` with `body` as JSON (serialized once, whatever the retries) and
   * resolves with what `policy.read` takes from the success envelope. A refusal (`errorId > 0`)
   * rejects with its typed error ({@link errorFromEnvelope}), an unusable answer with a typed
   * transport error.
   */
  send<M extends Method, R extends object>(policy: CallPolicy<R, M>, body: WireBody): Promise<R>;
}

/**
 * A request body as sent: the method's `RequestBody`, except that `clientKey` is absent in proxy mode
 * (the backend adds it). The transport only serializes it, and reads the `taskId` it names.
 */
export type WireBody = Readonly<Record<string, unknown>>;

/**
 * What one attempt came to: a success, or the typed error it amounts to, whether sending again may
 * help, and the wait the answer asked for (`Retry-After`).
 */
type Outcome<R> =
  { result: R; error?: undefined } | { error: CapSolverError; retry: boolean; wait?: number | undefined };

/** A redirect answer (`redirect: 'manual'`: a browser shows it as an opaque response with status 0). */
const isRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/**
 * Creates the transport: a `fetch` wrapper with a per-request timeout, jittered exponential retries
 * (network errors, 408/429/5xx, `ERROR_SERVICE_UNAVALIABLE`, `ERROR_RATE_LIMIT` — every code whose
 * catalogue entry says `retry: 'request'`), `Retry-After` honoured up to a cap, and validation of
 * every answer: what reaches the API caller is always the API's JSON envelope; anything else becomes
 * a typed error with the HTTP status and a cause.
 *
 * Task-creating calls are re-sent only when the failure proves no task was created (connection
 * refused, a 429, a `retry: 'request'` refusal, a capkit proxy's not-sent code; a gateway's 5xx proves
 * nothing). Otherwise they fail with `TaskMayExistError`: paying twice is worse than asking the caller.
 * Redirects are never followed: the body carries the key.
 */
export function createTransport(options: TransportOptions): Transport {
  const { logger, redactor, timers, now, backoff, random = Math.random, readFetchFailure } = options;

  const describeFailure = (error: unknown): string => {
    const { detail } = readFetchFailure(error);
    return redactor.string(`${String(error)}${detail ? ` (${detail})` : ''}`);
  };
  // Keep the original error as the cause (its `code` is useful) unless it carries a secret.
  const safeCause = (error: unknown): unknown => (redactor.contains(error) ? new Error(describeFailure(error)) : error);
  /**
   * The outcome of a request whose answer was lost or unusable: sent again, unless it creates a task
   * and nothing proves that none was created (then the task may exist: never re-sent).
   */
  const lost = (error: CapSolverError, createsTask: boolean, proven: boolean, wait?: number): Outcome<never> =>
    resendsLostAnswer(createsTask, proven)
      ? { error, retry: true, wait }
      : { error: taskMayExist(error.message, { status: error.status, cause: error }), retry: false };

  /** Sends the request once, under the timeout, and judges what came back; rejects (with its reason) only when the caller aborts. */
  async function attemptOnce<R>(policy: CallPolicy<R>, body: string, taskId: string | undefined): Promise<Outcome<R>> {
    const { method, createsTask, signal } = policy;
    const timeoutMs = policy.timeoutMs ?? options.timeoutMs;
    const controller = new AbortController();
    const stop = whenAborted(signal, () => controller.abort(signal?.reason));
    let timedOut = false;
    const timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response | undefined;
    let text: string;
    try {
      response = await options.fetch(`${options.baseUrl}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: controller.signal,
        // The body carries the key: a redirect is never followed, wherever it points (another
        // origin, plain http). It comes back as an answer, judged by `redirected`.
        redirect: 'manual',
      });
      if (isRedirect(response)) return redirected(response, policy);
      // The body is read under the same timeout: a stalled body is as lost as a stalled header.
      text = await readBodyText(response, options.maxAnswerBytes);
    } catch (error) {
      // sendWithRetries turns the caller's abort into an AbortedError.
      if (signal?.aborted) throw signal.reason;
      const status = response?.status;
      const failure = timedOut
        ? new TimeoutError(`${method} got no answer within ${timeoutMs} ms.`)
        : error instanceof AnswerTooLargeError
          ? new TransportError(`${method} answered HTTP ${status} with ${error.message}; it was not read.`, {
              status,
              code: 'INVALID_RESPONSE',
            })
          : new TransportError(`${method} request failed: ${describeFailure(error)}`, { cause: safeCause(error) });
      // Proof that nothing was created: the request provably never left (no answer began).
      return lost(failure, createsTask, !timedOut && response === undefined && readFetchFailure(error).neverSent);
    } finally {
      timers.clearTimeout(timer);
      stop();
    }
    return judgeAnswer(response, text, policy, taskId);
  }

  /**
   * A redirect: never followed (it would take the key elsewhere) and never retried (the next answer
   * would be the same). A task-creating request may still have been processed before it.
   */
  function redirected(response: Response, { method, createsTask }: CallPolicy<unknown>): Outcome<never> {
    void response.body?.cancel().catch(() => undefined);
    const error = new TransportError(
      `${method} was answered with a redirect (HTTP ${response.status}), which capkit never follows: it would send the key to another address.`,
      { status: response.status, code: 'HTTP_ERROR', retryable: false },
    );
    return createsTask ? lost(error, true, false) : { error, retry: false };
  }

  /**
   * The outcome of an answer: what `policy.read` takes from a success, the typed error of a refusal,
   * or the error for an answer the client cannot use (not the envelope, or a success lacking a field).
   */
  function judgeAnswer<R>(
    { status, headers }: Response,
    text: string,
    policy: CallPolicy<R>,
    taskId: string | undefined,
  ): Outcome<R> {
    const { method, createsTask } = policy;
    const wait = parseRetryAfter(headers, now());
    const { envelope, reason, cause } = readAnswer(text);
    // Any errorId but 0 (readAnswer let only finite numbers through) is a refusal.
    if (envelope?.errorId) {
      const error = errorFromEnvelope(envelope, { status, taskId, retryAfterMs: wait, redactor });
      // A capkit proxy that lost the upstream answer: the task may exist.
      if (proxyCodeMeaning(envelope.errorCode) === 'may-exist') return lost(error, createsTask, false, wait);
      return { error, retry: resendsRefusal(envelope.errorCode, status, createsTask), wait };
    }
    const result = envelope && policy.read(envelope);
    if (typeof result === 'object') return { result };
    // Unusable: an HTML error page, a cut body, nothing, or a success without what the client needs.
    const what = `${method} answered HTTP ${status} with ${envelope ? `errorId 0 but ${result}` : reason}`;
    // Redacted before it is cut: a key cut in half would no longer match.
    const body = snippet(redactor.string(text));
    const message = body ? `${what}: ${body}` : what;
    // A 429 is a rate limit even without the envelope (a gateway's page).
    const error = new (status === 429 ? RateLimitError : TransportError)(message, {
      status,
      // The parse error when there is one; otherwise the (redacted) start of the JSON that came back.
      cause: cause ?? new Error(`body: ${body}`),
      code: status >= 400 ? 'HTTP_ERROR' : 'INVALID_RESPONSE',
      retryable: true,
      retryAfterMs: status === 429 ? wait : undefined,
    });
    return lost(error, createsTask, provesNothingCreated(status), wait);
  }

  // Numbers each call, so the debug lines of one call's attempts can be told from another's.
  let calls = 0;

  async function sendWithRetries<R>(policy: CallPolicy<R>, body: string, taskId: string | undefined): Promise<R> {
    const { method, notAfter = Infinity } = policy;
    calls += 1;
    const id = calls;
    // Both waits reject only when the caller aborts, with the signal's reason.
    const abortedBy = (reason: unknown): never => {
      throw new AbortedError(`${method} was cancelled by the caller.`, { cause: safeCause(reason) });
    };
    // The first attempt is always made: a maxAttempts below 1 means no retry, as 1 does.
    const maxAttempts = Math.min(options.maxRetries + 1, policy.maxAttempts ?? Infinity);
    let lastError: CapSolverError | undefined;
    for (let attempt = 1; ; attempt += 1) {
      // Right before the request leaves, after every await (the store write of the caller's
      // `beforeSend` or of `onRetry`, a late timer): the deadline is checked against the clock now.
      if (now() > notAfter) throw lastError ?? tooLate(method);
      const startedAt = now();
      const outcome = await attemptOnce(policy, body, taskId).catch(abortedBy);
      const { error } = outcome;
      lastError = error;
      // One line per attempt (the logger redacts it): which call, which attempt, how it ended, how long it took.
      logger.debug(`${method} #${id} attempt ${attempt}: ${error ? error.code : 'ok'}`, {
        id,
        method,
        attempt,
        ms: now() - startedAt,
        outcome: error ? error.code : 'ok',
        taskId,
      });
      if (!error) return outcome.result;
      if (!outcome.retry || attempt >= maxAttempts) throw error;
      const delay = backoffDelay(attempt, backoff, random, outcome.wait);
      if (now() + delay > notAfter) throw error;
      logger.info(`Retrying ${method} in ${Math.round(delay)} ms`, {
        error: error.code,
        attempt: attempt + 1,
        maxAttempts,
      });
      await sleep(delay, timers, policy.signal).catch(abortedBy);
      // A timer can fire late (a stalled process): check the deadline again before the retry is
      // counted (and once more after the store write `onRetry` waits for, at the top of the loop).
      if (now() > notAfter) throw error;
      await policy.onRetry?.();
    }
  }

  /** A request that was due after its deadline (the task's last allowed moment) and so was not sent. */
  const tooLate = (method: string): TaskExpiredError =>
    new TaskExpiredError(
      `${method} was not sent: the last moment it was allowed had passed by the time it was due (a slow store write or a stalled timer).`,
    );

  return {
    // The task a refusal is about (its error names it) is the one the body names.
    send: (policy, body) => sendWithRetries(policy, JSON.stringify(body), taskIdOf(body)),
  };
}

/** The task id a request body names (`getTaskResult`, `feedbackTask`), if any. */
function taskIdOf(body: object): string | undefined {
  return 'taskId' in body && typeof body.taskId === 'string' ? body.taskId : undefined;
}
