import { forceHintUrl } from '@capkit/emulator';
import { QueueEvents } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { SolveJobError } from '../SolveJobError.js';
import { getSolveJobError } from '../getSolveJobError.js';
import type { SolveJobProgress } from '../types.js';
import { startHarness, turnstileTask, type Harness } from './support/startHarness.js';
import { redisConnection } from './support/testRedis.js';

let harness: Harness;
afterEach(() => harness.close());

describe('createSolveQueue', () => {
  it('solves a task through a worker and returns the typed solution', async () => {
    harness = await startHarness('solve');
    const result = await harness.queue.solve(turnstileTask());

    const stats = harness.emulator.stats();
    expect(stats.createTaskCalls).toBe(1);
    expect(stats.queriesByTask[result.taskId]).toBe(result.queries);
    expect(result.solution.token).toMatch(/\S/);
    expect(result.queries).toBeGreaterThan(0);
  });

  it('makes the result the job return value and names the job after the task type', async () => {
    harness = await startHarness('add');
    const events = new QueueEvents(harness.queue.name, { connection: redisConnection() });
    await events.waitUntilReady();
    const job = await harness.queue.add(turnstileTask(), { timeoutMs: 60_000 }, { attempts: 2 });
    const result = await job.waitUntilFinished(events);
    await events.close();

    const finished = await harness.queue.queue.getJob(job.id!);
    expect(finished?.name).toBe('AntiTurnstileTaskProxyLess');
    expect(finished?.returnvalue).toEqual(result);
    expect(finished?.data.options).toEqual({ timeoutMs: 60_000 });
    expect(finished?.data.checkpoint).toMatchObject({ settled: true, snapshot: { taskId: result.taskId } });
  });

  it('adds many tasks in one call; each job gets its own task', async () => {
    harness = await startHarness('bulk');
    const events = new QueueEvents(harness.queue.name, { connection: redisConnection() });
    await events.waitUntilReady();
    const jobs = await harness.queue.addBulk(
      Array.from({ length: 6 }, (_, index) => ({ task: turnstileTask(`https://shop.example/page/${index}`) })),
    );
    const results = await Promise.all(jobs.map((job) => job.waitUntilFinished(events)));
    await events.close();

    const stats = harness.emulator.stats();
    expect(new Set(results.map((result) => result.taskId)).size).toBe(6);
    expect(stats.tasksCreated).toBe(6);
    expect(stats.createTaskCalls).toBe(6);
  });

  it('reports progress (state, queries, budget, task id) as BullMQ progress events', async () => {
    harness = await startHarness('progress');
    const events = new QueueEvents(harness.queue.name, { connection: redisConnection() });
    await events.waitUntilReady();
    const seen: SolveJobProgress[] = [];
    events.on('progress', ({ data }) => seen.push(data as SolveJobProgress));
    const job = await harness.queue.add(turnstileTask());
    const result = await job.waitUntilFinished(events);
    await events.close();

    expect(seen[0]).toMatchObject({ state: 'creating', queries: 0, maxQueries: 120 });
    expect(seen.at(-1)).toEqual({
      state: 'ready',
      status: 'ready',
      queries: result.queries,
      maxQueries: 120,
      taskId: result.taskId,
    });
    const queries = seen.map((progress) => progress.queries);
    expect(queries).toEqual([...queries].sort((a, b) => a - b));
    expect(seen.some((progress) => progress.step === 'waiting' && progress.taskId === result.taskId)).toBe(true);
  });

  it('runs many concurrent solve() calls over one QueueEvents connection, without listener-leak warnings', async () => {
    harness = await startHarness('concurrent', { worker: { concurrency: 12 } });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const tasks = Array.from({ length: 15 }, (_, index) => turnstileTask(`https://shop.example/cart/${index}`));
    const results = await Promise.all(tasks.map((task) => harness.queue.solve(task))).finally(() =>
      process.off('warning', onWarning),
    );

    expect(new Set(results.map((result) => result.taskId)).size).toBe(15);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(harness.queue.queue.getMaxListeners()).toBe(10);
  });

  it('rejects solve() with a SolveJobError carrying a non-retryable code, without BullMQ retries', async () => {
    harness = await startHarness('zero-balance');
    harness.emulator.control.setBalance(0);
    const failure = harness.queue.solve(turnstileTask(), {
      jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    });

    const error = await failure.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SolveJobError);
    expect(error).toMatchObject({ code: 'ERROR_ZERO_BALANCE', retryable: false, taskId: undefined });
    const job = await harness.queue.queue.getJob((error as SolveJobError).jobId!);
    expect(job?.attemptsMade).toBe(1);
    expect(harness.emulator.stats().createTaskCalls).toBe(1);
  });

  it('leaves retryable codes to attempts, paying for a new task on each attempt', async () => {
    harness = await startHarness('unsolvable');
    const task = turnstileTask(forceHintUrl('unsolvable', { solveMs: 2_000 }));
    const error = await harness.queue.solve(task, { jobOptions: { attempts: 2 } }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'SolveJobError', code: 'ERROR_CAPTCHA_UNSOLVABLE', retryable: true });
    const job = await harness.queue.queue.getJob((error as SolveJobError).jobId!);
    expect(job?.attemptsMade).toBe(2);
    expect(getSolveJobError(job!)).toMatchObject({ code: 'ERROR_CAPTCHA_UNSOLVABLE', taskId: expect.any(String) });
    expect(harness.emulator.stats().tasksCreated).toBe(2);
  });

  it('succeeds on a later attempt when only the first task was unsolvable', async () => {
    harness = await startHarness('retry-ok');
    harness.emulator.control.forceNext({ outcome: 'unsolvable', solveTimeMs: 1_000 });
    const result = await harness.queue.solve(turnstileTask(), { jobOptions: { attempts: 2 } });

    const stats = harness.emulator.stats();
    expect(stats.tasksCreated).toBe(2);
    expect(stats.tasks.find((task) => task.taskId === result.taskId)?.outcome).toBe('ready');
  });
});
