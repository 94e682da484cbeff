import { startEmulator, forceHintUrl, uniform, type Emulator } from '@capkit/emulator';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSolveQueue, type SolveQueue } from '../createSolveQueue.js';
import type { SolveJob } from '../createSolveProcessor.js';
import { getSolveJobError } from '../getSolveJobError.js';
import type { SolveJobProgress } from '../types.js';
import { spawnWorkerProcess, type WorkerProcess } from './support/spawnWorkerProcess.js';
import { turnstileTask } from './support/startHarness.js';
import { redisConnection, redisUrl, uniqueQueueName } from './support/testRedis.js';

const TIME_SCALE = 0.05;
const JOBS = 24;

let emulator: Emulator;
let queue: SolveQueue;
let events: QueueEvents;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  // Solves take 20–40 service seconds (1–2 s real): long enough to kill a worker mid-poll. Two workers of
  // 13 take all 25 jobs at once, so no job starts (and no createTask is in flight) when one is killed.
  emulator = await startEmulator({ timeScale: TIME_SCALE, seed: 11, solveTime: uniform(20_000, 40_000) });
  const name = uniqueQueueName('crash');
  queue = createSolveQueue({ connection: redisConnection(), name });
  events = new QueueEvents(name, { connection: redisConnection() });
  await events.waitUntilReady();
  const settings = {
    redisUrl: redisUrl(),
    emulatorUrl: emulator.url,
    queue: name,
    timeScale: TIME_SCALE,
    pollMs: 100,
    concurrency: 13,
  };
  workers = await Promise.all([
    spawnWorkerProcess({ ...settings, workerName: 'worker-a' }),
    spawnWorkerProcess({ ...settings, workerName: 'worker-b' }),
  ]);
});

afterAll(async () => {
  for (const worker of workers)
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
  await events.close();
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await emulator.close();
});

/** Polls until `check` returns a value (or the test times out). */
async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The jobs a worker is polling, once at least three are and the moment is safe to kill it: every job
 * is dispatched (none waiting) and each of this worker's jobs has its task id, so no job of it can be
 * inside createTask (that job would rightly fail with TASK_MAY_EXIST, which is not this test's point).
 */
async function pollingJobsOf(workerName: string): Promise<Map<string, SolveJobProgress> | undefined> {
  const [active, { wait }] = await Promise.all([queue.queue.getJobs(['active']), queue.queue.getJobCounts('wait')]);
  const mine = active.filter((job) => job.processedBy === workerName);
  const progress = mine.map((job) => job.progress as SolveJobProgress | number);
  const polling = new Map<string, SolveJobProgress>();
  mine.forEach((job, index) => {
    const step = progress[index];
    if (typeof step === 'object' && step.queries >= 1 && ['idle', 'processing'].includes(step.state))
      polling.set(job.id!, step);
  });
  const allCreated = progress.every((step) => typeof step === 'object' && step.taskId !== undefined);
  return wait === 0 && allCreated && polling.size >= 3 ? polling : undefined;
}

describe('two worker processes, one killed with SIGKILL mid-poll', () => {
  it('finishes every job on the surviving worker with exactly one task per job, within the query budget', async () => {
    const jobs = await queue.addBulk(
      Array.from({ length: JOBS }, (_, index) => ({
        task: turnstileTask(`https://shop.example/item/${index}`),
        jobOptions: { attempts: 2 },
      })),
    );
    const refused = await queue.add(
      turnstileTask(forceHintUrl('ERROR_ZERO_BALANCE', { stage: 'createTask' })),
      {},
      { attempts: 3 },
    );

    // One `closing` listener per awaited job on the queue (BullMQ's waitUntilFinished).
    queue.queue.setMaxListeners(JOBS + 10);
    const orphaned = await waitFor(() => pollingJobsOf('worker-a'));
    const [workerA] = workers;
    workerA!.child.kill('SIGKILL');
    expect(await workerA!.exited).toBe('SIGKILL');

    const results = await Promise.all(jobs.map((job) => job.waitUntilFinished(events)));
    await expect(refused.waitUntilFinished(events)).rejects.toThrow();

    // Nothing lost: every job completed with its own task, and only the refused one failed.
    const counts = await queue.queue.getJobCounts('completed', 'failed', 'active', 'wait', 'delayed');
    expect(counts).toEqual({ completed: JOBS, failed: 1, active: 0, wait: 0, delayed: 0 });
    const taskIds = new Set(results.map((result) => result.taskId));
    expect(taskIds.size).toBe(JOBS);

    // Exactly one createTask per job (the refused job's one created nothing), and no query past the rules.
    const stats = emulator.stats();
    expect(stats.createTaskCalls).toBe(JOBS + 1);
    expect(stats.tasksCreated).toBe(JOBS);
    expect(new Set(Object.keys(stats.queriesByTask))).toEqual(taskIds);
    expect(Math.max(...Object.values(stats.queriesByTask))).toBeLessThanOrEqual(120);
    expect(stats.queriesOverBudget + stats.queriesAfterExpiry + stats.queriesUnknownTask).toBe(0);

    // The killed worker's jobs were finished by the other one, on the very tasks worker A had created,
    // with their query count carried over (the result counts at least every query the emulator saw).
    for (const [jobId, before] of orphaned) {
      const job = (await queue.queue.getJob(jobId)) as SolveJob;
      expect(job.processedBy).toBe('worker-b');
      expect(job.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(job.returnvalue.taskId).toBe(before.taskId);
      expect(job.returnvalue.queries).toBeGreaterThan(before.queries);
      expect(job.returnvalue.queries).toBeGreaterThanOrEqual(stats.queriesByTask[before.taskId!]!);
    }

    // The non-retryable refusal surfaced with its code after one attempt, despite attempts: 3.
    const failed = (await queue.queue.getJob(refused.id!))!;
    expect(getSolveJobError(failed)).toMatchObject({ code: 'ERROR_ZERO_BALANCE', retryable: false });
    expect(failed.attemptsMade).toBe(1);
  }, 45_000);
});
