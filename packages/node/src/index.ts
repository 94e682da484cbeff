/**
 * `@capkit/node`: `@capkit/core` configured for Node (environment variables, keep-alive `fetch`), a
 * crash-safe file store and the proxy handler for browser apps. Everything else is core, re-exported
 * (errors, poll policies, `scaleLimits`, the task and solution types), so one import serves a Node program.
 * @packageDocumentation
 */
export * from '@capkit/core';
// This takes precedence over core's export of the same name (`createClient`).
export { createClient, type NodeClientOptions } from './createClient.js';
export { createKeepAliveFetch, type KeepAliveFetch, type KeepAliveFetchOptions } from './createKeepAliveFetch.js';
export { createProxyHandler, type ProxyHandler, type ProxyHandlerOptions } from './createProxyHandler.js';
export type { TaskLimits } from './createProxyLimiter.js';
export type { ProxyAuthorization, ProxyAuthorizeRequest } from './handleProxyRequest.js';
export { fileStore, type CorruptTaskFile, type FileStore, type FileStoreOptions } from './fileStore.js';
export { ENV_VARS, readEnvConfig, type EnvConfig } from './readEnvConfig.js';
export {
  createCallbackReceiver,
  type CallbackAnswer,
  type CallbackReceiverOptions,
  type CallbackReceiverStats,
  type NodeCallbackReceiver,
} from './createCallbackReceiver.js';
export { createCallbackRegistry, type CallbackRegistry } from './createCallbackRegistry.js';
export {
  startCallbackReceiver,
  type RunningCallbackReceiver,
  type StartCallbackReceiverOptions,
} from './startCallbackReceiver.js';
