import { createCallbackLink } from '../callbacks/createCallbackLink.js';
import { callbackFallback } from '../policies/callbackFallback.js';
import type { PollPolicy } from '../policies/PollPolicy.js';

/**
 * What a client needs for callback mode (`callbackReceiver`), supplied by the platform: a runtime
 * that cannot receive callbacks (a browser) leaves it out, and with it the callback wiring and the
 * fallback policy, which then stay out of its bundle.
 */
export interface CallbackMode {
  /** Opens a task's callback URL on a receiver (core's {@link createCallbackLink}). */
  link: typeof createCallbackLink;
  /** The client's default `callbackPollPolicy`, made once per client (core's {@link callbackFallback}). */
  fallbackPolicy: () => PollPolicy;
}

/**
 * Callback mode as core implements it: what `createClient` (and so `@capkit/node`) passes to
 * `createPlatformClient`.
 *
 * @example
 * ```ts
 * const client = createPlatformClient({ apiKey, callbackReceiver }, { readFetchFailure, callbackMode });
 * ```
 */
export const callbackMode: CallbackMode = {
  link: createCallbackLink,
  fallbackPolicy: () => callbackFallback(),
};
