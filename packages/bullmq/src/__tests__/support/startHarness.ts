import { createClient, fixed, scaleLimits, type CapSolverClient, type ClientOptions } from '@capkit/core';
import { DEFAULT_API_KEY, startEmulator, type Emulator, type EmulatorOptions } from '@capkit/emulator';
import {
  createSolveQueue,
  createSolveWorker,
  type SolveQueue,
  type SolveWorker,
  type SolveWorkerOptions,
} from '../../index.js';
import { redisConnection, uniqueQueueName } from './testRedis.js';

/** Every service duration of the test emulator runs 50x faster. */
export const TIME_SCALE = 0.02;

/** A Turnstile task, the simplest asynchronous (polled) task. */
export function turnstileTask(websiteURL = 'https://shop.example/login') {
  return { type: 'AntiTurnstileTaskProxyLess', websiteURL, websiteKey: '0x4AAAAAAABkMYinukE8nzY' } as const;
}

/** An emulator, a client on it, and a solve queue with one in-process worker. */
export interface Harness {
  emulator: Emulator;
  client: CapSolverClient;
  queue: SolveQueue;
  worker: SolveWorker;
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  emulator?: EmulatorOptions;
  client?: Partial<ClientOptions>;
  worker?: Partial<SolveWorkerOptions>;
}

/** Starts a time-scaled emulator, a client for it, a queue and a worker on the test Redis. */
export async function startHarness(label: string, options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ timeScale: TIME_SCALE, seed: 7, ...options.emulator });
  const client = createClient({
    apiKey: DEFAULT_API_KEY,
    baseUrl: emulator.url,
    limits: scaleLimits(TIME_SCALE),
    ...options.client,
  });
  const name = uniqueQueueName(label);
  const connection = redisConnection();
  const queue = createSolveQueue({ connection, name });
  const worker = createSolveWorker({
    connection,
    name,
    client,
    concurrency: 4,
    pollPolicy: fixed(50),
    ...options.worker,
  });
  await worker.waitUntilReady();
  return {
    emulator,
    client,
    queue,
    worker,
    async close() {
      await worker.close(true);
      await queue.queue.obliterate({ force: true });
      await queue.close();
      await emulator.close();
    },
  };
}
