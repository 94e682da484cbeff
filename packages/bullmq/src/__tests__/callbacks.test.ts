import { callbackFallback, createClient, createMemoryStore, scaleLimits } from '@capkit/core';
import { DEFAULT_API_KEY, startEmulator, type Emulator } from '@capkit/emulator';
import { createCallbackReceiver, startCallbackReceiver, type RunningCallbackReceiver } from '@capkit/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCallbackRegistry, type RedisCallbackRegistry } from '../createRedisCallbackRegistry.js';
import { createSolveQueue } from '../createSolveQueue.js';
import { createSolveWorker } from '../createSolveWorker.js';
import { TIME_SCALE, turnstileTask } from './support/startHarness.js';
import { redisConnection, redisUrl, uniqueQueueName } from './support/testRedis.js';

const task = turnstileTask();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function registry(prefix: string): Promise<RedisCallbackRegistry> {
  const { hostname, port } = new URL(redisUrl());
  const created = createRedisCallbackRegistry({ connection: { host: hostname, port: Number(port) }, prefix });
  cleanups.push(() => created.close());
  await created.ready();
  return created;
}

/** The public side: an HTTP receiver in "another process" (its own Redis connections), no client. */
async function publicReceiver(prefix: string): Promise<RunningCallbackReceiver> {
  const receiver = await startCallbackReceiver({ registry: await registry(prefix) });
  cleanups.push(() => receiver.close());
  return receiver;
}

async function emulator(): Promise<Emulator> {
  const started = await startEmulator({ timeScale: TIME_SCALE, seed: 5 });
  cleanups.push(() => started.close());
  await fetch(`${started.url}/createTask`, {
    method: 'POST',
    body: JSON.stringify({ clientKey: DEFAULT_API_KEY, task }),
  });
  started.reset();
  return started;
}

/** A worker-side client whose receiver has no server of its own: callbacks reach it through Redis. */
async function workerClient(server: Emulator, publicUrl: string, prefix: string, store = createMemoryStore()) {
  const receiver = createCallbackReceiver({ publicUrl, registry: await registry(prefix) });
  return createClient({
    apiKey: DEFAULT_API_KEY,
    baseUrl: server.url,
    limits: scaleLimits(TIME_SCALE),
    callbackReceiver: receiver,
    // Callbacks are known to arrive: the fallback's first poll comes long after the result.
    callbackPollPolicy: callbackFallback({ lossRate: 0.0001 }),
    store,
  });
}

describe('callbacks over Redis (real Redis, real HTTP)', () => {
  it('a solve job: the callback arrives at another process and reaches the worker holding the task', async () => {
    const prefix = uniqueQueueName('cb');
    const server = await emulator();
    const entry = await publicReceiver(prefix);
    const client = await workerClient(server, entry.publicUrl, prefix);
    const connection = redisConnection();
    const name = uniqueQueueName('callbacks');
    const queue = createSolveQueue({ connection, name });
    const worker = createSolveWorker({ connection, name, client, concurrency: 2 });
    cleanups.push(async () => {
      await worker.close(true);
      await queue.queue.obliterate({ force: true });
      await queue.close();
    });
    await worker.waitUntilReady();

    server.control.forceNext({ solveTimeMs: 10_000 }); // 200 ms real
    const result = await queue.solve(task);
    expect(result.queries).toBe(1);
    expect(server.stats().callbacks).toMatchObject({ sent: 1, delivered: 1 });
    expect(entry.stats()).toMatchObject({ accepted: 1, unknown: 0 });
  });

  it('resume in another worker: the saved token re-registers there, and the callback follows the task', async () => {
    const prefix = uniqueQueueName('cb');
    const server = await emulator();
    const entry = await publicReceiver(prefix);
    const store = createMemoryStore();
    const first = await workerClient(server, entry.publicUrl, prefix, store);
    server.control.forceNext({ solveTimeMs: 15_000 }); // 300 ms real
    const handle = first.start(task);
    await new Promise<void>((resolve) => handle.subscribe((progress) => progress.step === 'waiting' && resolve()));
    handle.cancel('worker lost'); // its listener closes; the record stays in the store
    await handle.result.catch(() => undefined);

    const second = await workerClient(server, entry.publicUrl, prefix, store);
    const [resumed] = await second.resumePending();
    const result = await resumed!.result;
    expect(result.queries).toBe(1);
    expect(server.stats().callbacks.delivered).toBe(1);
  });

  it('forged and unknown tokens get 404 from any process, and nothing is published', async () => {
    const prefix = uniqueQueueName('cb');
    const entry = await publicReceiver(prefix);
    const side = createCallbackReceiver({ publicUrl: entry.publicUrl, registry: await registry(prefix) });
    let woken = 0;
    const listener = side.listen(() => (woken += 1));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the SET reaches Redis
    const [id, secret] = listener.token.split('.');
    const forged = `${entry.publicUrl}/${id}.${secret!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}`;
    const unknown = `${entry.publicUrl}/${'z'.repeat(16)}.${secret}`;
    expect((await fetch(forged, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(unknown, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(listener.url, { method: 'POST', body: '{}' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(woken).toBe(1);
    listener.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(listener.url, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
