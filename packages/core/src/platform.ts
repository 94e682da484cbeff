/**
 * `@capkit/core/platform`: plumbing for runtime adapters (`@capkit/node`, `@capkit/browser`). A
 * runtime differs in how its `fetch` rejections read and in whether it can receive callbacks:
 * `createPlatformClient(options, platform)` builds the client with the runtime's `readFetchFailure`
 * and, where callbacks can arrive, `callbackMode`. `readFetchFailure` is Node's (undici) reader and
 * `callbackMode` core's callback wiring, the two `createClient` uses. Client users need none of it:
 * use `createClient`.
 * @packageDocumentation
 */
// Callback mode's parts, for an adapter that builds its own `callbackMode`.
export { createCallbackLink, type CallbackLink } from './callbacks/createCallbackLink.js';
export { callbackMode, type CallbackMode } from './client/callbackMode.js';
export { createPlatformClient, type ClientPlatform } from './client/createPlatformClient.js';
export { readFetchFailure, type FetchFailure, type FetchFailureReader } from './transport/readFetchFailure.js';
// A proxy (`@capkit/node`'s) reads upstream answers like the transport: numeric task ids kept exact.
export { keepTaskIdText } from './transport/keepTaskIdText.js';
