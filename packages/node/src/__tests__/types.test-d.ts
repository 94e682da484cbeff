import type { RequestListener } from 'node:http';
import type { Method } from '@capkit/api';
import type { CapSolverClient, TaskStore } from '@capkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createClient,
  createProxyHandler,
  fileStore,
  type NodeClientOptions,
  type ProxyHandlerOptions,
} from '../index.js';

describe('@capkit/node types', () => {
  it('createClient takes optional options and returns the core client', () => {
    expectTypeOf(createClient).parameter(0).toEqualTypeOf<NodeClientOptions | undefined>();
    expectTypeOf(createClient()).toEqualTypeOf<CapSolverClient>();
  });

  it('types the solution by task type', async () => {
    const client = createClient();
    const result = await client.solve({
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: 'https://example.com',
      websiteKey: 'k',
    });
    expectTypeOf(result.solution.gRecaptchaResponse).toEqualTypeOf<string>();
    // @ts-expect-error: a reCAPTCHA task needs its websiteKey
    void client.solve({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com' });
  });

  it('fileStore is a TaskStore the client accepts', () => {
    expectTypeOf(fileStore('dir')).toExtend<TaskStore>();
    expectTypeOf<{ store: ReturnType<typeof fileStore> }>().toExtend<NodeClientOptions>();
  });

  it('the proxy handler mounts on node:http and answers fetch-style requests', () => {
    const handler = createProxyHandler({ apiKey: 'k' });
    expectTypeOf(handler).toExtend<RequestListener>();
    expectTypeOf(handler.fetch).toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf<ProxyHandlerOptions['allow']>().toEqualTypeOf<readonly Method[] | undefined>();
    // @ts-expect-error: only the API's methods can be allowed
    createProxyHandler({ apiKey: 'k', allow: ['deleteAccount'] });
  });
});
