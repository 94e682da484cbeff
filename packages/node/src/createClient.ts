import {
  ConfigurationError,
  createClient as createCoreClient,
  type CapSolverClient,
  type ClientOptions,
} from '@capkit/core';
import { createKeepAliveFetch, type KeepAliveFetchOptions } from './createKeepAliveFetch.js';
import { ENV_VARS, readEnvVar } from './readEnvConfig.js';

/** Options of the Node {@link createClient}: the core options, all optional, plus where to read defaults. */
export interface NodeClientOptions extends ClientOptions {
  /** Where `CAPSOLVER_API_KEY` / `CAPSOLVER_BASE_URL` are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Connection reuse: options for the undici `Agent` (or your own `dispatcher`). Ignored when you pass
   * your own `fetch`.
   */
  keepAlive?: KeepAliveFetchOptions;
}

/**
 * Creates a CapSolver client for Node: the `@capkit/core` client configured with the key and base URL from
 * the environment and a keep-alive `fetch`, so the up to 120 polls of a task reuse one connection.
 *
 * Explicit options win over the environment, which is read only for the options not given (so Deno needs no
 * `--allow-env` for a client created with `{ apiKey, baseUrl }`). Without a key (and without `proxyUrl`) it throws a
 * `ConfigurationError` naming `CAPSOLVER_API_KEY`, before any request. The core client refuses a
 * non-HTTPS base URL unless it is loopback (the emulator), or `allowInsecureBaseUrl` is set.
 *
 * @example
 * ```ts
 * import { createClient } from '@capkit/node';
 *
 * const client = createClient(); // CAPSOLVER_API_KEY, CAPSOLVER_BASE_URL
 * const { solution } = await client.solve({
 *   type: 'ReCaptchaV2TaskProxyLess',
 *   websiteURL: 'https://www.google.com/recaptcha/api2/demo',
 *   websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
 * });
 * ```
 */
export function createClient(options: NodeClientOptions = {}): CapSolverClient {
  const { env, keepAlive, ...coreOptions } = options;
  // In proxy mode the backend holds the key: nothing is read from the environment. Otherwise each variable is
  // read only when its option is not given (Deno grants environment access per variable).
  const fromEnv = (name: string): string | undefined => (coreOptions.proxyUrl ? undefined : readEnvVar(name, env));
  const apiKey = coreOptions.apiKey ?? fromEnv(ENV_VARS.apiKey);
  if (!apiKey && !coreOptions.proxyUrl) {
    throw new ConfigurationError(
      `No CapSolver API key: set the ${ENV_VARS.apiKey} environment variable or pass { apiKey } to createClient().`,
    );
  }
  const baseUrl = coreOptions.baseUrl ?? fromEnv(ENV_VARS.baseUrl);
  return createCoreClient({
    ...coreOptions,
    ...(apiKey ? { apiKey } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    fetch: coreOptions.fetch ?? createKeepAliveFetch(keepAlive),
  });
}
