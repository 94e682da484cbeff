import openapiFetch, { type Client } from 'openapi-fetch';
import { SERVERS } from './generated/constants.js';
import type { paths } from './generated/schema.js';

/**
 * openapi-fetch's CommonJS build sets `exports.default` without the `__esModule` marker, so in our
 * CJS bundle Node-style interop hands over the whole module object instead of the function.
 * Resolved inside a function (not at module top level) so bundlers can drop openapi-fetch when
 * `createApiClient` is unused.
 */
function openapiCreateClient(): typeof openapiFetch {
  return typeof openapiFetch === 'function' ? openapiFetch : (openapiFetch as { default: typeof openapiFetch }).default;
}

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** The API origin. Defaults to the primary server, `SERVERS[0]` (`https://api.capsolver.com`). */
  baseUrl?: string;
  /**
   * The fetch to send requests with (a retry/timeout wrapper, an emulator, a test double).
   * Defaults to `globalThis.fetch`, looked up on every request so a later swap (msw) is honoured.
   */
  fetch?: (input: Request) => Promise<Response>;
}

/** A typed openapi-fetch client for the CapSolver paths: `client.POST('/createTask', { body })`. */
export type ApiClient = Client<paths>;

/**
 * Creates a typed openapi-fetch client for the CapSolver API. It only types and sends requests:
 * retries, timeouts, polling and key redaction belong to `@capkit/core`.
 * @example
 * const api = createApiClient();
 * const { data, error } = await api.POST('/getBalance', { body: { clientKey } });
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  return openapiCreateClient()<paths>({
    baseUrl: options.baseUrl ?? SERVERS[0],
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
}
