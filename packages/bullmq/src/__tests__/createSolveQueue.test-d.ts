import type { SolutionFor } from '@capkit/api';
import type { SolveResult } from '@capkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createJobTaskStore,
  createSolveQueue,
  createSolveWorker,
  getSolveJobError,
  type SolveJob,
  type SolveJobData,
  type SolveJobProgress,
  type SolveQueue,
  type SolveWorker,
} from '../index.js';

declare const queue: SolveQueue;
const turnstile = {
  type: 'AntiTurnstileTaskProxyLess',
  websiteURL: 'https://a.example',
  websiteKey: '0x4AAA',
} as const;
const recaptcha = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://a.example', websiteKey: '6Le' } as const;

describe('types', () => {
  it('types a job and its return value by the task type', async () => {
    const job = await queue.add(turnstile);
    expectTypeOf(job).toEqualTypeOf<SolveJob<'AntiTurnstileTaskProxyLess'>>();
    expectTypeOf(job.data.task.type).toEqualTypeOf<'AntiTurnstileTaskProxyLess'>();
    expectTypeOf(job.returnvalue).toEqualTypeOf<SolveResult<'AntiTurnstileTaskProxyLess'>>();
    expectTypeOf(getSolveJobError).toBeCallableWith(job);
    expectTypeOf(createJobTaskStore).toBeCallableWith(job);
  });

  it('types the solution solve() resolves with', async () => {
    const { solution } = await queue.solve(recaptcha);
    expectTypeOf(solution).toEqualTypeOf<SolutionFor<'ReCaptchaV2TaskProxyLess'>>();
    expectTypeOf(solution.gRecaptchaResponse).toEqualTypeOf<string>();
  });

  it('rejects tasks that are not capkit tasks', () => {
    // @ts-expect-error: not a task type
    void queue.add({ type: 'NoSuchTask', websiteURL: 'x' });
    // @ts-expect-error: timeoutMs is a number
    void queue.add(turnstile, { timeoutMs: '10s' });
  });

  it('exposes the factories, the job data and progress', () => {
    expectTypeOf(createSolveQueue).returns.toEqualTypeOf<SolveQueue>();
    expectTypeOf(createSolveWorker).returns.toEqualTypeOf<SolveWorker>();
    expectTypeOf<SolveJobData['checkpoint']>().exclude<undefined>().toHaveProperty('snapshot');
    expectTypeOf<SolveJobProgress>().toHaveProperty('maxQueries').toEqualTypeOf<number>();
    expectTypeOf(getSolveJobError).returns.exclude<undefined>().toHaveProperty('code').toEqualTypeOf<string>();
  });
});
