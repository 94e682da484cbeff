import { describe, expect, it } from 'vitest';
import { InsufficientBalanceError } from '../errors/apiErrors.js';
import { AbortedError, ConfigurationError } from '../errors/clientErrors.js';
import { createClient } from '../client/createClient.js';
import type { TaskProgress } from '../TaskProgress.js';
import { clientFor, emulator, imageTask, recaptchaTask } from './helpers/emulator.js';

describe('maxConcurrentTasks', () => {
  it('runs at most N tasks at once; the others wait in order as `queued`, then all solve', async () => {
    const server = await emulator();
    const client = clientFor(server, { maxConcurrentTasks: 2 });
    const seen: TaskProgress[][] = [];
    let running = 0;
    let peak = 0;
    const handles = Array.from({ length: 5 }, (_, index) => {
      const steps: TaskProgress[] = [];
      seen.push(steps);
      const handle = client.start(recaptchaTask, {
        onProgress: (progress) => {
          steps.push(progress);
          if (progress.state === 'creating') running += 1;
          if (progress.done) running -= 1;
          peak = Math.max(peak, running);
        },
      });
      expect(handle.getSnapshot().state).toBe(index < 2 ? 'creating' : 'queued');
      return handle;
    });
    const results = await Promise.all(handles.map((handle) => handle.result));
    expect(results.every((result) => typeof result.solution.gRecaptchaResponse === 'string')).toBe(true);
    expect(peak).toBe(2);
    expect(server.stats().createTaskCalls).toBe(5);
    // Queued tasks said so first, and sent nothing while queued.
    for (const steps of seen.slice(2)) expect(steps[0]?.state).toBe('queued');
    // In order: the third task was created before the fifth.
    const createdAt = server.stats().createdAtByTask;
    const created = results.map((result) => createdAt[result.taskId] ?? 0);
    expect(created[2]).toBeLessThanOrEqual(created[4] ?? 0);
  });

  it('a queued task cancelled (handle or signal) ends with AbortedError and never sends anything', async () => {
    const server = await emulator();
    const client = clientFor(server, { maxConcurrentTasks: 1 });
    const first = client.start(recaptchaTask);
    const cancelled = client.start(recaptchaTask);
    const controller = new AbortController();
    const aborted = client.start(recaptchaTask, { signal: controller.signal });
    const last = client.start(imageTask);
    cancelled.cancel('not needed');
    controller.abort();
    await expect(cancelled.result).rejects.toBeInstanceOf(AbortedError);
    await expect(aborted.result).rejects.toBeInstanceOf(AbortedError);
    await Promise.all([first.result, last.result]);
    expect(server.stats().createTaskCalls).toBe(2);
  });

  it('is checked: a positive number', () => {
    expect(() => createClient({ apiKey: 'k', maxConcurrentTasks: 0 })).toThrow(ConfigurationError);
    expect(() => createClient({ apiKey: 'k', maxConcurrentTasks: Number.NaN })).toThrow(/maxConcurrentTasks/);
  });
});

describe('the zero-balance circuit breaker', () => {
  it('after ERROR_ZERO_BALANCE, new and queued tasks fail fast with the same error until getBalance shows funds', async () => {
    const server = await emulator();
    server.control.setBalance(0);
    const client = clientFor(server, { maxConcurrentTasks: 1 });
    const first = client.start(recaptchaTask);
    const queued = [client.start(recaptchaTask), client.start(imageTask)];
    expect(queued.map((handle) => handle.getSnapshot().state)).toEqual(['queued', 'queued']);
    const error = await first.result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(error).toMatchObject({ code: 'ERROR_ZERO_BALANCE' });
    for (const handle of queued) {
      await expect(handle.result).rejects.toMatchObject({
        name: 'InsufficientBalanceError',
        code: 'ERROR_ZERO_BALANCE',
      });
    }
    // New tasks and the single calls fail at once, without a request.
    await expect(client.solve(recaptchaTask)).rejects.toBeInstanceOf(InsufficientBalanceError);
    await expect(client.createTask(imageTask)).rejects.toMatchObject({ code: 'ERROR_ZERO_BALANCE' });
    await expect(client.getToken(recaptchaTask)).rejects.toMatchObject({ code: 'ERROR_ZERO_BALANCE' });
    expect(server.stats().createTaskCalls).toBe(1);
    expect(server.stats().requestsByMethod.getToken ?? 0).toBe(0);

    // A getBalance that still shows nothing keeps it open; one that shows funds closes it.
    expect((await client.getBalance()).balance).toBe(0);
    await expect(client.solve(imageTask)).rejects.toBeInstanceOf(InsufficientBalanceError);
    server.control.setBalance(5);
    expect((await client.getBalance()).balance).toBe(5);
    const solved = await client.solve(imageTask);
    expect(solved.solution.text).toEqual(expect.any(String));
    expect(server.stats().createTaskCalls).toBe(2);
  });

  it('lets tasks that already exist keep polling', async () => {
    const server = await emulator();
    const client = clientFor(server);
    const polling = client.start(recaptchaTask);
    await new Promise<void>((resolve) => {
      const stop = polling.subscribe((progress) => {
        if (progress.taskId) {
          resolve();
          queueMicrotask(() => stop());
        }
      });
    });
    server.control.setBalance(0);
    await expect(client.solve(imageTask)).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect((await polling).solution.gRecaptchaResponse).toEqual(expect.any(String));
  });

  it('can be turned off: zeroBalanceBreaker: false sends every createTask', async () => {
    const server = await emulator();
    server.control.setBalance(0);
    const client = clientFor(server, { zeroBalanceBreaker: false });
    for (let i = 0; i < 3; i += 1)
      await expect(client.solve(imageTask)).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect(server.stats().createTaskCalls).toBe(3);
  });
});
