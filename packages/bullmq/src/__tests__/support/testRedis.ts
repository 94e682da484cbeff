import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from 'bullmq';
import { inject } from 'vitest';

/** The URL of the Redis the global setup started. */
export function redisUrl(): string {
  return inject('redisUrl');
}

/** Connection options for the test Redis (`maxRetriesPerRequest: null`, as BullMQ workers need). */
export function redisConnection(): ConnectionOptions {
  const url = new URL(redisUrl());
  return { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
}

/** A queue name no other test uses (test files run in parallel against one Redis). */
export function uniqueQueueName(label: string): string {
  return `capkit-test-${label}-${randomUUID().slice(0, 8)}`;
}
