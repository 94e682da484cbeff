import { SERVERS } from '@capkit/api';
import { checkNumber } from '../checkNumber.js';
import { ConfigurationError } from '../errors/clientErrors.js';
import { resolveLimits, type Limits } from '../limits.js';
import { createRedactingLogger, silentLogger, type Logger } from '../logger.js';
import type { CallbackReceiver } from '../callbacks/CallbackReceiver.js';
import { documented } from '../policies/documented.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import { createRedactor, type Redactor } from '../redact.js';
import { globalTimers, type Timers } from '../timers.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../transport/backoff.js';
import { DEFAULT_MAX_ANSWER_BYTES } from '../transport/readBodyText.js';
import type { ClientOptions, Inspector, TaskStore } from './types.js';

/** {@link ClientOptions} with every default applied and every value checked. */
export interface ResolvedClientOptions {
  apiKey: string | undefined;
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxAnswerBytes: number;
  getTokenTimeoutMs: number;
  maxRetries: number;
  backoff: BackoffOptions;
  pollPolicy: PollPolicy;
  limits: Limits;
  logger: Logger;
  redactor: Redactor;
  inspect?: Inspector | undefined;
  now: () => number;
  timers: Timers;
  store?: TaskStore | undefined;
  callbackReceiver?: CallbackReceiver | undefined;
  /** Unset: the platform's fallback (core's `callbackFallback()`), made once per client. */
  callbackPollPolicy?: PollPolicy | undefined;
  /** `Infinity` when there is no cap. */
  maxConcurrentTasks: number;
  zeroBalanceBreaker: boolean;
}

/** A loopback host name, as `URL` normalises it (an IPv4 address with an octet over 255 is no URL at all). */
const LOOPBACK = /^(localhost|.+\.localhost|\[::1\]|127\.\d+\.\d+\.\d+)$/;

/**
 * The base URL, parsed (relative to the page in a browser), without a trailing slash. Only `https:`,
 * or `http:` on a loopback host or with `allowInsecure`: anything else (another scheme, no URL at all)
 * is refused with one message that never quotes the value (it may be a pasted key).
 */
function checkBaseUrl(baseUrl: string, allowInsecure: boolean | undefined): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl, globalThis.location?.href);
  } catch {
    // Refused below, like any other URL that is not https.
  }
  if (url?.protocol !== 'https:' && !(url?.protocol === 'http:' && (allowInsecure || LOOPBACK.test(url.hostname)))) {
    throw new ConfigurationError(
      'baseUrl must be https: plain HTTP exposes the key (allowed on loopback or with allowInsecureBaseUrl).',
    );
  }
  return url.href.replace(/\/$/, '');
}

/** Applies defaults and checks every option; throws {@link ConfigurationError} before any request. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const apiKey = options.apiKey?.trim() || undefined;
  const proxyUrl = options.proxyUrl?.trim() || undefined;
  if (proxyUrl && (apiKey || options.baseUrl)) {
    throw new ConfigurationError('Pass proxyUrl (your backend adds the key) or apiKey (and baseUrl), not both.');
  }
  if (!apiKey && !proxyUrl) {
    throw new ConfigurationError('createClient needs apiKey (or proxyUrl: your backend, which adds the key).');
  }
  for (const name of ['fetch', 'pollPolicy', 'callbackPollPolicy', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      throw new ConfigurationError(`${name} must be a function.`);
  }
  const redactor = createRedactor([apiKey]);
  const limits = resolveLimits(options.limits);
  const backoff = { ...DEFAULT_BACKOFF };
  for (const name in options.backoff) {
    const key = name as keyof BackoffOptions;
    backoff[key] = checkNumber(`backoff.${name}`, options.backoff[key], DEFAULT_BACKOFF[key]);
  }
  return {
    // The options kept as they are (inspect, store), then every one that needs a default or a check.
    ...options,
    apiKey,
    baseUrl: checkBaseUrl(proxyUrl ?? options.baseUrl ?? SERVERS[0], options.allowInsecureBaseUrl),
    // Looked up at each request, so a fetch swapped in later (msw, a test) is used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: checkNumber('timeoutMs', options.timeoutMs, 30_000, 1),
    maxAnswerBytes: checkNumber('maxAnswerBytes', options.maxAnswerBytes, DEFAULT_MAX_ANSWER_BYTES, 1),
    getTokenTimeoutMs: checkNumber('getTokenTimeoutMs', options.getTokenTimeoutMs, limits.serverSolveTimeoutMs, 1),
    maxRetries: Math.floor(checkNumber('maxRetries', options.maxRetries, 2)),
    backoff,
    pollPolicy: options.pollPolicy ?? documented,
    limits,
    // Without a logger nothing is written, so nothing needs redacting (a poll must not pay for it).
    logger: options.logger ? createRedactingLogger(options.logger, redactor) : silentLogger,
    redactor,
    now: options.now ?? (() => Date.now()),
    timers: options.timers ?? globalTimers,
    maxConcurrentTasks: Math.floor(checkNumber('maxConcurrentTasks', options.maxConcurrentTasks, Infinity, 1)),
    zeroBalanceBreaker: options.zeroBalanceBreaker !== false,
  };
}
