import type { CapSolverClient, TaskStore } from '@capkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createClient, webStorageStore, type BrowserClientOptions } from '../index.js';

describe('types of @capkit/browser', () => {
  it('createClient takes proxyUrl or apiKey, never both, and returns the core client', () => {
    expectTypeOf(createClient({ proxyUrl: '/api/capsolver' })).toEqualTypeOf<CapSolverClient>();
    expectTypeOf(createClient({ apiKey: 'key', baseUrl: 'http://127.0.0.1:3000' })).toEqualTypeOf<CapSolverClient>();
    expectTypeOf({ proxyUrl: '/p', timeoutMs: 5000 }).toExtend<BrowserClientOptions>();
    // @ts-expect-error: with a proxy the key belongs on the backend
    createClient({ proxyUrl: '/api/capsolver', apiKey: 'key' });
    // @ts-expect-error: the proxy is the base URL
    createClient({ proxyUrl: '/api/capsolver', baseUrl: 'https://api.capsolver.com' });
    // @ts-expect-error: one of the two is required
    createClient({ timeoutMs: 5000 });
    // @ts-expect-error: one spelling: proxy mode is proxyUrl (there is no proxied flag)
    createClient({ proxied: true, baseUrl: '/api/capsolver' });
  });

  it('webStorageStore is a core TaskStore', () => {
    expectTypeOf(webStorageStore).returns.toEqualTypeOf<TaskStore>();
    expectTypeOf(webStorageStore).parameter(0).toEqualTypeOf<Storage | undefined>();
  });
});
