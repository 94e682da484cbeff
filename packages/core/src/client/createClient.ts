import { readFetchFailure } from '../transport/readFetchFailure.js';
import { callbackMode } from './callbackMode.js';
import { createPlatformClient } from './createPlatformClient.js';
import type { CapSolverClient, ClientOptions } from './types.js';

/**
 * Creates a CapSolver client: typed solves that respect the service's rules (120 queries, 5-minute
 * lifetime, createTask never paid twice), resumable across processes, cancellable at once.
 * Throws `ConfigurationError` for a missing key or an insecure base URL, before any request.
 *
 * @example
 * ```ts
 * import { createClient } from '@capkit/core';
 *
 * const client = createClient({ apiKey: process.env.CAPSOLVER_API_KEY });
 * const { solution } = await client.solve({
 *   type: 'ReCaptchaV2TaskProxyLess',
 *   websiteURL: 'https://www.google.com/recaptcha/api2/demo',
 *   websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
 * });
 * console.log(solution.gRecaptchaResponse);
 * ```
 */
export function createClient(options: ClientOptions): CapSolverClient {
  // fetch failures read as Node's (undici) are: a refused connection proves nothing was sent. Callback
  // mode is core's own (a receiver from @capkit/node, or any other).
  return createPlatformClient(options, { readFetchFailure, callbackMode });
}
