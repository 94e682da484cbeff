/**
 * `@capkit/core/platform`: plumbing for runtime adapters (`@capkit/node`, `@capkit/browser`). A
 * runtime differs only in how its `fetch` rejections read: `createPlatformClient(options, platform)`
 * builds the client with the runtime's `readFetchFailure`. `readFetchFailure` is Node's (undici) reader,
 * the one `createClient` uses. Client users need none of it: use `createClient`.
 * @packageDocumentation
 */
export { createPlatformClient, type ClientPlatform } from './client/createPlatformClient.js';
export { readFetchFailure, type FetchFailure, type FetchFailureReader } from './transport/readFetchFailure.js';
// A proxy (`@capkit/node`'s) reads upstream answers like the transport: numeric task ids kept exact.
export { keepTaskIdText } from './transport/keepTaskIdText.js';
