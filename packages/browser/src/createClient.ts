import { ConfigurationError, type CapSolverClient, type ClientOptions } from '@capkit/core';
import { createPlatformClient, type ClientPlatform } from '@capkit/core/platform';
import { warnKeyExposed } from './warnKeyExposed.js';

/**
 * A browser's `fetch` rejects with an opaque `TypeError('Failed to fetch')`: no detail, and nothing
 * that tells a refused connection from a lost answer, so a failed createTask is never re-sent (core's
 * reader of Node's socket error codes stays out of the bundle).
 */
const BROWSER: ClientPlatform = { readFetchFailure: () => ({ detail: '', neverSent: false }) };

/** Core options that the browser client sets itself. */
/** Set per mode below, or (callback mode: a page cannot receive callbacks) refused. */
type SetByBrowser = 'apiKey' | 'proxyUrl' | 'baseUrl' | 'callbackReceiver' | 'callbackPollPolicy';

/**
 * Proxy mode (recommended): requests go to your backend, which adds the key (`createProxyHandler`
 * from `@capkit/node`). The page never holds the key.
 */
export interface ProxyClientOptions extends Omit<ClientOptions, SetByBrowser> {
  /**
   * Where your backend mounts `createProxyHandler`, e.g. `'/api/capsolver'` (resolved against the
   * page's URL) or `'https://backend.example.com/capsolver'`. The client posts to `<proxyUrl>/<method>`.
   */
  proxyUrl: string;
  apiKey?: never;
  baseUrl?: never;
}

/**
 * Key mode: the page calls CapSolver (or the emulator at `baseUrl`) with the key itself. Anyone who
 * can open the page can read the key, so the client warns once per page.
 */
export interface KeyClientOptions extends Omit<ClientOptions, SetByBrowser> {
  /** The CapSolver API key. It is exposed to the page: prefer `proxyUrl`. */
  apiKey: string;
  /** The API origin. Default `https://api.capsolver.com`. */
  baseUrl?: string | undefined;
  proxyUrl?: never;
}

/** Options of the browser {@link createClient}: `proxyUrl` (recommended) or `apiKey`, plus every core option. */
export type BrowserClientOptions = ProxyClientOptions | KeyClientOptions;

/** Whether an option holds a non-blank string. */
const isFilled = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/**
 * Creates a `@capkit/core` client configured for the browser.
 *
 * With `proxyUrl` the client runs in core's proxy mode: its requests carry no key and go to your
 * backend, which adds it. With `apiKey` it talks to CapSolver directly and warns once per page
 * (console.warn) that the key is exposed. Everything else (`store`, `limits`, `pollPolicy`, `inspect`,
 * …) is passed to core unchanged. Throws {@link ConfigurationError} unless exactly one of the two is given.
 *
 * @example
 * ```ts
 * import { createClient, webStorageStore } from '@capkit/browser';
 *
 * const client = createClient({ proxyUrl: '/api/capsolver', store: webStorageStore() });
 * const { solution } = await client.solve({
 *   type: 'AntiTurnstileTaskProxyLess',
 *   websiteURL: 'https://example.com/login',
 *   websiteKey: '0x4AAAAAAAExampleKey',
 * });
 * ```
 */
export function createClient(options: BrowserClientOptions): CapSolverClient {
  const { proxyUrl, apiKey, baseUrl, ...rest }: ClientOptions = options ?? {};
  const hasKey = isFilled(apiKey);
  const hasProxy = isFilled(proxyUrl);
  if (hasKey === hasProxy) {
    throw new ConfigurationError(
      hasKey
        ? 'Pass proxyUrl or apiKey, not both.'
        : 'createClient needs proxyUrl (your backend running createProxyHandler) or apiKey.',
    );
  }
  // With a proxy, a stray `baseUrl` (plain JavaScript) cannot send the requests anywhere else.
  const client = createPlatformClient(hasProxy ? { ...rest, proxyUrl } : { ...rest, apiKey, baseUrl }, BROWSER);
  // Only once the options were accepted: a client that was never created exposes nothing.
  if (hasKey) warnKeyExposed();
  return client;
}
