// The consumer for Chromium: a page bundled for the browser that uses `@capkit/browser` through the proxy a backend
// mounts with `@capkit/node`'s `createProxyHandler` (the key stays on the server), except where a scenario passes
// its own key or base URL (the refused key, the insecure URL): those use key mode, straight to the emulator.
import * as core from '@capkit/core';
import { createClient, webStorageStore } from '@capkit/browser';
import { runScenarios, type ConsumerConfig, type ScenarioResult } from './scenarios.ts';

declare global {
  interface Window {
    runCapkitScenarios(config: ConsumerConfig & { proxyUrl: string }): Promise<ScenarioResult[]>;
  }
}

window.runCapkitScenarios = (config) =>
  runScenarios(
    {
      // The app's own settings go through the proxy; any other key or base URL is a scenario's own, in key mode.
      // (The scenarios never set `proxyUrl` themselves.)
      createClient: ({ apiKey, baseUrl, proxyUrl: _unused, ...options }) =>
        apiKey === config.apiKey && baseUrl === config.emulatorUrl
          ? createClient({ ...options, proxyUrl: config.proxyUrl })
          : createClient({ ...options, apiKey: apiKey ?? '', baseUrl }),
      otherErrorClasses: [{ from: '@capkit/core', ...core }],
      // What survives a page reload: localStorage.
      openStore: () => webStorageStore(localStorage),
    },
    config,
  );
