import type { SolutionFor } from '@capkit/api';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CapSolverError,
  createClient,
  QueryBudgetExhaustedError,
  TaskMayExistError,
  type TransportError,
  type SolveResult,
  type TaskHandle,
} from '../index.js';

const client = createClient({ apiKey: 'CAP-TYPES' });
const recaptcha = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'key' } as const;

describe('typed solve', () => {
  it('types the solution by the task type', async () => {
    const result = await client.solve({
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: 'https://example.com',
      websiteKey: 'key',
    });
    expectTypeOf(result.solution.gRecaptchaResponse).toEqualTypeOf<string>();
    expectTypeOf(result).toEqualTypeOf<SolveResult<'ReCaptchaV2TaskProxyLess'>>();
    expectTypeOf(result.taskId).toEqualTypeOf<string>();

    const text = await client.solve({ type: 'ImageToTextTask', body: 'aGk=' });
    expectTypeOf(text.solution).toEqualTypeOf<SolutionFor<'ImageToTextTask'>>();
    expectTypeOf(text.solution).toHaveProperty('text');
  });

  it('refuses a task that misses a required parameter', () => {
    // @ts-expect-error websiteKey is required for reCAPTCHA v2
    void client.solve({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com' });
    // @ts-expect-error a proxy task needs its proxy
    void client.solve({ type: 'AntiCloudflareTask', websiteURL: 'https://example.com' });
    // @ts-expect-error unknown task types are refused
    void client.solve({ type: 'NoSuchTask', websiteURL: 'https://example.com' });
  });

  it('types handles, resumes, waitForResult and getToken', async () => {
    const handle = client.start(recaptcha);
    expectTypeOf(handle).toEqualTypeOf<TaskHandle<'ReCaptchaV2TaskProxyLess'>>();
    expectTypeOf(handle.taskId).toEqualTypeOf<string | undefined>();
    expectTypeOf((await handle).solution.gRecaptchaResponse).toEqualTypeOf<string>();
    expectTypeOf(handle.subscribe).returns.toEqualTypeOf<() => void>();

    const waited = await client.waitForResult('t', { createdAt: 0, type: 'AntiTurnstileTaskProxyLess' });
    expectTypeOf(waited.solution).toEqualTypeOf<SolutionFor<'AntiTurnstileTaskProxyLess'>>();

    const token = await client.getToken(recaptcha);
    expectTypeOf(token.solution.gRecaptchaResponse).toEqualTypeOf<string>();
    // @ts-expect-error getToken only takes reCAPTCHA tasks
    void client.getToken({ type: 'ImageToTextTask', body: 'x' });
  });
});

describe('errors narrow with instanceof', () => {
  it('narrows to the subclass fields', () => {
    const error: unknown = undefined;
    if (error instanceof QueryBudgetExhaustedError) {
      expectTypeOf(error).toEqualTypeOf<QueryBudgetExhaustedError>();
      expectTypeOf(error.queries).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.taskId).toEqualTypeOf<string | undefined>();
    }
    if (error instanceof TaskMayExistError) {
      expectTypeOf(error).toExtend<TransportError>();
      expectTypeOf(error).toExtend<CapSolverError>();
      expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    }
  });
});
