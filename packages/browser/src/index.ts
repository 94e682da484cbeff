/**
 * `@capkit/browser`: `@capkit/core` configured for the browser. `createClient({ proxyUrl })` keeps the
 * API key on your backend (`createProxyHandler` from `@capkit/node`); `webStorageStore()` lets
 * unfinished tasks survive a page reload. Everything else is core, re-exported, so one import serves
 * a browser app. Pure ESM, no Node built-ins, side-effect free.
 * @packageDocumentation
 */
export * from '@capkit/core';
export {
  createClient,
  type BrowserClientOptions,
  type KeyClientOptions,
  type ProxyClientOptions,
} from './createClient.js';
export { KEY_EXPOSED_WARNING } from './warnKeyExposed.js';
export {
  DEFAULT_STORAGE_PREFIX,
  webStorageStore,
  type CorruptEntry,
  type WebStorageStoreOptions,
} from './webStorageStore.js';
