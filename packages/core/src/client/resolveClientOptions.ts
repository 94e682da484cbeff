import { SERVERS } from '@capkit/api';
import { ConfigurationError } from '../errors/clientErrors.js';
import { resolveLimits, type Limits } from '../limits.js';
import { createRedactingLogger, silentLogger, type Logger } from '../logger.js';
import { documented } from '../policies/documented.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import { createRedactor, type Redactor } from '../redact.js';
import { globalTimers, type Timers } from '../timers.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../transport/backoff.js';
import type { ClientOptions, Inspector, TaskStore } from './types.js';

/** {@link ClientOptions} with every default applied and every value checked. */
export interface ResolvedClientOptions {
  apiKey: string | undefined;
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  getTokenTimeoutMs: number;
  maxRetries: number;
  backoff: BackoffOptions;
  pollPolicy: PollPolicy;
  limits: Limits;
  logger: Logger;
  redactor: Redactor;
  inspect: Inspector | undefined;
  now: () => number;
  timers: Timers;
  store: TaskStore | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]') return true;
  const octets = hostname.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** The base URL, parsed, with `http:` refused unless loopback or explicitly allowed. */
function checkBaseUrl(baseUrl: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(baseUrl, globalThis.location?.href);
  } catch {
    throw new ConfigurationError(`baseUrl "${baseUrl}" is not a valid URL.`);
  }
  if (url.protocol === 'https:') return url.href.replace(/\/$/, '');
  if (url.protocol !== 'http:') throw new ConfigurationError(`baseUrl must be an http(s) URL, got "${url.protocol}".`);
  if (!isLoopback(url.hostname) && !allowInsecure) {
    throw new ConfigurationError(
      `baseUrl "${url.origin}" is plain HTTP: the API key would travel unencrypted. Use HTTPS, a loopback address, or set allowInsecureBaseUrl: true.`,
    );
  }
  return url.href.replace(/\/$/, '');
}

function checkNumber(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ConfigurationError(`${name} must be a finite number >= ${min}, got ${String(value)}.`);
  }
  return value;
}

/** Applies defaults and checks every option; throws {@link ConfigurationError} before any request. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const apiKey = options.apiKey?.trim() || undefined;
  if (!apiKey && !options.proxied) {
    throw new ConfigurationError(
      'Missing apiKey: pass createClient({ apiKey }) — or, in a browser whose requests go through your own backend that adds the key, createClient({ proxied: true, baseUrl }).',
    );
  }
  for (const name of ['fetch', 'pollPolicy', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new ConfigurationError(`${name} must be a function.`);
  }
  const redactor = createRedactor([apiKey]);
  const limits = resolveLimits(options.limits);
  const backoff = { ...DEFAULT_BACKOFF };
  for (const [name, value] of Object.entries(options.backoff ?? {}) as Array<[keyof BackoffOptions, number | undefined]>) {
    backoff[name] = checkNumber(`backoff.${name}`, value, DEFAULT_BACKOFF[name]);
  }
  const userFetch = options.fetch;
  return {
    apiKey,
    baseUrl: checkBaseUrl(options.baseUrl ?? SERVERS[0], options.allowInsecureBaseUrl ?? false),
    // Looked up at each request, so a fetch swapped in later (msw, a test) is used.
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: checkNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1),
    getTokenTimeoutMs: checkNumber('getTokenTimeoutMs', options.getTokenTimeoutMs, limits.serverSolveTimeoutMs, 1),
    maxRetries: Math.floor(checkNumber('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES)),
    backoff,
    pollPolicy: options.pollPolicy ?? documented,
    limits,
    logger: createRedactingLogger(options.logger ?? silentLogger, redactor),
    redactor,
    inspect: options.inspect,
    now: options.now ?? (() => Date.now()),
    timers: options.timers ?? globalTimers,
    store: options.store,
  };
}
