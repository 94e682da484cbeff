export { createClient, type NodeClientOptions } from './createClient.js';
export { createKeepAliveFetch, type KeepAliveFetch, type KeepAliveFetchOptions } from './createKeepAliveFetch.js';
export { createProxyHandler, type ProxyHandler, type ProxyHandlerOptions } from './createProxyHandler.js';
export { fileStore, type FileStore } from './fileStore.js';
export { ENV_VARS, readEnvConfig, type EnvConfig } from './readEnvConfig.js';
export { REDACTED } from './redactKey.js';
