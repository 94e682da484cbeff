import type { SerializedTask } from '@capkit/core';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobTaskStore } from '../createJobTaskStore.js';
import type { SolveJobData } from '../types.js';
import { startHarness, turnstileTask, type Harness } from './support/startHarness.js';
import { redisConnection, uniqueQueueName } from './support/testRedis.js';

const task = turnstileTask();
const name = uniqueQueueName('store');
let queue: Queue<SolveJobData>;

beforeAll(() => {
  queue = new Queue<SolveJobData>(name, { connection: redisConnection() });
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
});

/** The job as stored in Redis right now (a fresh read, not the object the store wrote through). */
async function stored(id: string) {
  const job = await queue.getJob(id);
  if (!job) throw new Error(`job ${id} is gone`);
  return job;
}

function record(overrides: Partial<SerializedTask> = {}): SerializedTask {
  return { version: 2, key: 'key-1', task, taskType: task.type, queries: 0, state: 'creating', ...overrides };
}

describe('createJobTaskStore', () => {
  it('saves the snapshot into the job in Redis, keeping the task and its options', async () => {
    const job = await queue.add(task.type, { task, options: { timeoutMs: 60_000 } });
    const store = createJobTaskStore(job);
    const snapshot = record({ taskId: 'task-9', createdAt: 1_000, queries: 3, state: 'idle' });
    await store.save(snapshot);

    const data = (await stored(job.id!)).data;
    expect(data).toEqual({ task, options: { timeoutMs: 60_000 }, checkpoint: { snapshot, settled: false } });
    expect(await store.list()).toEqual([snapshot]);
  });

  it('keeps a removed task as a settled snapshot, so it is never mistaken for one never created', async () => {
    const job = await queue.add(task.type, { task });
    const store = createJobTaskStore(job);
    await store.save(record({ taskId: 'task-10', queries: 5, state: 'idle' }));
    await store.remove('another-key');
    expect((await stored(job.id!)).data.checkpoint?.settled).toBe(false);

    await store.remove('key-1');
    const checkpoint = (await stored(job.id!)).data.checkpoint;
    expect(checkpoint).toMatchObject({ settled: true, snapshot: { taskId: 'task-10', queries: 5 } });
    expect(await store.list()).toEqual([]);
  });

  it("clears an earlier attempt's failure once the task makes progress", async () => {
    const failure = { code: 'ERROR_CAPTCHA_UNSOLVABLE', message: 'x', retryable: true, resumable: false, attempt: 0 };
    const job = await queue.add(task.type, { task, checkpoint: { failure } });
    await createJobTaskStore(job).save(record());
    expect((await stored(job.id!)).data.checkpoint).toEqual({ snapshot: record(), settled: false });
  });
});

describe('createJobTaskStore with the capkit client', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness('store-client', { worker: { autorun: false } });
  });
  afterAll(() => harness.close());

  it("lets client.resumePending() collect a job's task from its checkpoint, without a new createTask", async () => {
    const created = await harness.client.createTask(task);
    const job = await queue.add(task.type, { task });
    const store = createJobTaskStore(job);
    await store.save(record({ taskId: created.taskId, createdAt: Date.now(), queries: 0, state: 'idle' }));

    const [handle] = await harness.client.resumePending(createJobTaskStore(await stored(job.id!)));
    const result = await handle!.result;

    expect(result.taskId).toBe(created.taskId);
    const stats = harness.emulator.stats();
    expect(stats.createTaskCalls).toBe(1);
    expect(stats.queriesByTask[created.taskId!]).toBe(result.queries);
  });
});
