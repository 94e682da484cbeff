import { TaskMayExistError } from '@capkit/core';
import { QueueEvents, UnrecoverableError, type Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createSolveProcessor, type SolveJob } from '../createSolveProcessor.js';
import { getSolveJobError } from '../getSolveJobError.js';
import type { SolveJobData } from '../types.js';
import { startHarness, turnstileTask, type Harness } from './support/startHarness.js';
import { redisConnection } from './support/testRedis.js';

const task = turnstileTask();
let harness: Harness;
let events: QueueEvents | undefined;
afterEach(async () => {
  await events?.close();
  events = undefined;
  await harness.close();
});

async function listen(): Promise<QueueEvents> {
  events = new QueueEvents(harness.queue.name, { connection: redisConnection() });
  await events.waitUntilReady();
  return events;
}

/** Waits for a job to fail and returns it as stored. */
async function failedJob(job: Pick<Job, 'id' | 'waitUntilFinished'>, listener: QueueEvents) {
  await expect(job.waitUntilFinished(listener)).rejects.toThrow();
  return (await harness.queue.queue.getJob(job.id!))!;
}

describe('createSolveWorker', () => {
  /** A fetch that reads the active job's checkpoint from Redis at the moment each request leaves the client. */
  function inspectingFetch(seen: Array<{ method: string; checkpoint: SolveJobData['checkpoint'] }>): typeof fetch {
    return async (input, init) => {
      const method = new URL(input instanceof Request ? input.url : String(input)).pathname.slice(1);
      const [active] = await harness.queue.queue.getJobs(['active']);
      seen.push({ method, checkpoint: active?.data.checkpoint });
      return fetch(input, init);
    };
  }

  it('has the job hold every request before it leaves: createTask as "may exist", each query with task id and counted', async () => {
    const seen: Array<{ method: string; checkpoint: SolveJobData['checkpoint'] }> = [];
    harness = await startHarness('ordering', { client: { fetch: inspectingFetch(seen) } });
    const result = await harness.queue.solve(task);

    const [create, ...queries] = seen;
    expect(create?.method).toBe('createTask');
    // capkit awaited this record: from here on a crash reads "createTask may be on the wire" (TASK_MAY_EXIST).
    expect(create?.checkpoint).toMatchObject({ snapshot: { state: 'creating', queries: 0, task }, settled: false });
    expect(create?.checkpoint?.snapshot?.taskId).toBeUndefined();
    expect(queries.length).toBe(result.queries);
    expect(result.queries).toBeGreaterThan(0);
    queries.forEach((query, index) => {
      expect(query.method).toBe('getTaskResult');
      // Exactly this query counted: the snapshot never knows of fewer queries than were sent.
      expect(query.checkpoint?.snapshot).toMatchObject({
        taskId: result.taskId,
        queries: index + 1,
        state: expect.stringMatching(/^(idle|processing)$/),
      });
    });
  });

  it("clears the earlier attempt's failure before a retry's createTask leaves, so a crash then cannot look never-sent", async () => {
    const seen: Array<{ method: string; checkpoint: SolveJobData['checkpoint'] }> = [];
    harness = await startHarness('retry-order', { client: { fetch: inspectingFetch(seen) } });
    harness.emulator.control.forceNext({ outcome: 'unsolvable', solveTimeMs: 1_000 });
    const listener = await listen();
    const job = await harness.queue.add(task, {}, { attempts: 2 });
    const result = await job.waitUntilFinished(listener);

    const creates = seen.filter((request) => request.method === 'createTask');
    expect(creates).toHaveLength(2);
    // Without this, a worker dying inside the second createTask would leave "unsolvable, not resumable"
    // in the job, and the next attempt would create (and pay for) a third task.
    expect(creates[1]?.checkpoint?.failure).toBeUndefined();
    expect(creates[1]?.checkpoint?.snapshot).toMatchObject({ state: 'creating', queries: 0 });
    expect(creates[1]?.checkpoint?.snapshot?.taskId).toBeUndefined();
    expect(result.taskId).toBe(harness.emulator.stats().tasks[1]?.taskId);
  });

  it('sends no createTask when its record cannot be written, and lets BullMQ retry the attempt', async () => {
    harness = await startHarness('unrecorded', { worker: { autorun: false } });
    const reported: unknown[] = [];
    const processor = createSolveProcessor({ client: harness.client, onError: (error) => reported.push(error) });
    const job = (await harness.queue.add(task)) as SolveJob;
    // A Redis write that fails (nothing real can fail one write on demand): the first checkpoint write.
    const redisDown = new Error('Connection is closed.');
    const updateData = job.updateData.bind(job);
    job.updateData = async () => {
      job.updateData = updateData;
      throw redisDown;
    };

    await expect(processor(job)).rejects.toBe(redisDown);
    expect(reported).toEqual([redisDown]);
    expect(harness.emulator.stats().requestsByMethod.createTask ?? 0).toBe(0);
    // The next attempt finds nothing recorded, which is true: it creates the task once.
    await expect(processor(job)).resolves.toMatchObject({ taskId: expect.any(String) });
    expect(harness.emulator.stats().requestsByMethod.createTask).toBe(1);
  });

  it('resumes the task of a checkpoint (another worker created it) instead of paying for a new one', async () => {
    harness = await startHarness('resume');
    const created = await harness.client.createTask(task);
    const snapshot = {
      version: 1 as const,
      key: 'k',
      task,
      taskId: created.taskId,
      createdAt: Date.now(),
      queries: 4,
      state: 'waiting',
    };
    const listener = await listen();
    const job = await harness.queue.queue.add(task.type, { task, checkpoint: { snapshot } });
    const result = await job.waitUntilFinished(listener);

    const stats = harness.emulator.stats();
    expect(result.taskId).toBe(created.taskId);
    expect(stats.createTaskCalls).toBe(1);
    // The budget continues from the checkpoint: 4 queries before, 1 assumed in flight, then the real ones.
    expect(result.queries).toBe(5 + stats.queriesByTask[created.taskId!]!);
  });

  it('fails with TASK_MAY_EXIST, and sends nothing, when a worker died while createTask may have been sent', async () => {
    harness = await startHarness('may-exist');
    const thrown: unknown[] = [];
    harness.worker.on('failed', (_job, error) => thrown.push(error));
    const snapshot = { version: 1 as const, key: 'k', task, queries: 0, state: 'creating' };
    const listener = await listen();
    const job = await harness.queue.queue.add(task.type, { task, checkpoint: { snapshot } }, { attempts: 3 });
    const failed = await failedJob(job, listener);

    expect(getSolveJobError(failed)).toMatchObject({ code: 'TASK_MAY_EXIST', retryable: false });
    // The decision is capkit's own: resume() of a record without task id settles with TaskMayExistError.
    expect((thrown[0] as Error).cause).toBeInstanceOf(TaskMayExistError);
    expect(failed.attemptsMade).toBe(1);
    expect(harness.emulator.stats().requestsByMethod.createTask).toBe(0);
  });

  it('fails malformed jobs at once with their code: no type (CONFIGURATION), invalid data (ERROR_INVALID_TASK_DATA)', async () => {
    harness = await startHarness('malformed');
    const listener = await listen();
    const untyped = await harness.queue.queue.add('broken', { task: {} } as unknown as SolveJobData, { attempts: 3 });
    const invalid = await harness.queue.add({ ...task, websiteKey: '' }, {}, { attempts: 3 });

    const [untypedFailed, invalidFailed] = [await failedJob(untyped, listener), await failedJob(invalid, listener)];
    expect(getSolveJobError(untypedFailed)).toMatchObject({ code: 'CONFIGURATION', retryable: false });
    expect(getSolveJobError(invalidFailed)).toMatchObject({ code: 'ERROR_INVALID_TASK_DATA', retryable: false });
    expect([untypedFailed.attemptsMade, invalidFailed.attemptsMade]).toEqual([1, 1]);
    expect(harness.emulator.stats().tasksCreated).toBe(0);
  });

  it('throws BullMQ UnrecoverableErrors with the code for final failures, capkit errors for retryable ones', async () => {
    harness = await startHarness('errors', { client: { apiKey: 'CAP-NOT-A-VALID-KEY' } });
    const thrown: unknown[] = [];
    harness.worker.on('failed', (_job, error) => thrown.push(error));
    const listener = await listen();
    const job = await harness.queue.add(task, {}, { attempts: 2 });
    await failedJob(job, listener);

    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toBeInstanceOf(UnrecoverableError);
    expect(thrown[0]).toMatchObject({ code: 'ERROR_KEY_DENIED_ACCESS', retryable: false });
    // The key never reaches Redis: not in the checkpoint, the failure record or failedReason.
    const stored = await harness.queue.queue.getJob(job.id!);
    expect(JSON.stringify(stored)).not.toContain('CAP-NOT-A-VALID-KEY');
  });

  it('gives up at the job deadline (options.timeoutMs) with ABORTED, keeping the paid task id', async () => {
    harness = await startHarness('deadline');
    harness.emulator.control.forceNext({ solveTimeMs: 200_000 });
    const listener = await listen();
    const job = await harness.queue.add(task, { timeoutMs: 300 }, { attempts: 3 });
    const failed = await failedJob(job, listener);

    const error = getSolveJobError(failed);
    expect(error).toMatchObject({
      code: 'ABORTED',
      retryable: false,
      taskId: harness.emulator.stats().tasks[0]?.taskId,
    });
    expect(failed.attemptsMade).toBe(1);
  });

  it('cancels the task when BullMQ cancels the job (worker.cancelJob)', async () => {
    harness = await startHarness('cancel');
    harness.emulator.control.forceNext({ solveTimeMs: 200_000 });
    const listener = await listen();
    const job = await harness.queue.add(task);
    await new Promise<void>((resolve) =>
      listener.on('progress', ({ data }) => (data as { taskId?: string }).taskId && resolve()),
    );
    harness.worker.cancelJob(job.id!, 'no longer needed');
    const failed = await failedJob(job, listener);

    expect(getSolveJobError(failed)).toMatchObject({ code: 'ABORTED', taskId: expect.any(String) });
  });
});
