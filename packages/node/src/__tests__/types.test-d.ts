import type { RequestListener } from 'node:http';
import type { Method } from '@capkit/api';
import type { CapSolverClient, TaskStore } from '@capkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import * as core from '@capkit/core';
import {
  AbortedError,
  CapSolverError,
  createClient,
  createProxyHandler,
  documented,
  eager,
  fileStore,
  hazard,
  InsufficientBalanceError,
  isCapSolverError,
  learned,
  scaleLimits,
  TaskMayExistError,
  unknownFields,
  type NodeClientOptions,
  type ProxyHandlerOptions,
  type SolutionFor,
  type SolveResult,
  type Task,
  type TaskOf,
  type TaskType,
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

  it('re-exports core: errors, policies, limits, the task and solution types', () => {
    expectTypeOf(CapSolverError).toEqualTypeOf<typeof core.CapSolverError>();
    expectTypeOf(TaskMayExistError).toEqualTypeOf<typeof core.TaskMayExistError>();
    expectTypeOf(AbortedError).toEqualTypeOf<typeof core.AbortedError>();
    expectTypeOf(InsufficientBalanceError).toEqualTypeOf<typeof core.InsufficientBalanceError>();
    expectTypeOf(isCapSolverError).toEqualTypeOf(core.isCapSolverError);
    expectTypeOf(scaleLimits).toEqualTypeOf(core.scaleLimits);
    expectTypeOf([documented, eager(), hazard(), learned()]).items.toExtend<core.PollPolicy>();
    expectTypeOf(unknownFields).toEqualTypeOf(core.unknownFields);
    expectTypeOf<SolutionFor<'ImageToTextTask'>>().toHaveProperty('text');
    expectTypeOf<TaskOf<'ImageToTextTask'>>().toExtend<Task>();
    expectTypeOf<SolveResult<'ImageToTextTask'>['solution']>().toEqualTypeOf<SolutionFor<'ImageToTextTask'>>();
    expectTypeOf<'ImageToTextTask'>().toExtend<TaskType>();
  });

  it('proxy mode has one spelling: proxyUrl', () => {
    expectTypeOf({ proxyUrl: 'https://backend.example/capsolver' }).toExtend<NodeClientOptions>();
    // @ts-expect-error there is no proxied flag
    createClient({ proxied: true, baseUrl: 'https://backend.example/capsolver' });
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
