import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './startRedisServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of the Redis started for this test run. */
    redisUrl: string;
  }
}

/** Vitest global setup: one real Redis for the whole run, stopped afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
