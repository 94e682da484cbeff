import { LIMITS } from '@capkit/api';
import type { CallbackDelivery } from '@capkit/core';
import type { CallbackRegistry } from '@capkit/node';
import { Redis, type RedisOptions } from 'ioredis';

/** Options of {@link createRedisCallbackRegistry}. */
export interface RedisCallbackRegistryOptions {
  /** The Redis to share (options, or an ioredis instance: it is duplicated, never closed here). */
  connection: RedisOptions | Redis;
  /** Key and channel prefix. Default `capkit`. */
  prefix?: string | undefined;
  /** How long a token is kept (ms): past the lifetime no callback matters. Default the lifetime + 1 minute. */
  ttlMs?: number | undefined;
}

/** A {@link CallbackRegistry} over Redis, and the means to release its two connections. */
export interface RedisCallbackRegistry extends CallbackRegistry {
  /** Resolves once the subscriber listens (callbacks published before that are not seen). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Published {
  id: string;
  delivery: CallbackDelivery;
}

/**
 * A callback registry shared by every process on one Redis, so that a callback reaches whichever
 * worker holds the task: a listening task's secret is stored under `<prefix>:callback:<id>` (with a
 * TTL), any process's receiver checks a callback's secret against it, and a verified callback is
 * published on `<prefix>:callbacks`; each process delivers the ones for tasks it holds. When a job
 * moves to another worker, `client.resume()` there listens again with the token saved in the job's
 * checkpoint, and the callback follows it. Only the public id and the secret are stored; a lost
 * message costs the task its callback, not its result (the fallback poll finds it).
 *
 * @example
 * ```ts
 * const registry = createRedisCallbackRegistry({ connection });
 * const receiver = await startCallbackReceiver({ port: 4000, publicUrl: 'https://me.example/capkit-callback', registry });
 * const client = createClient({ callbackReceiver: receiver });
 * createSolveWorker({ connection, name: 'captcha', client });
 * ```
 */
export function createRedisCallbackRegistry(options: RedisCallbackRegistryOptions): RedisCallbackRegistry {
  const prefix = options.prefix ?? 'capkit';
  const channel = `${prefix}:callbacks`;
  const keyOf = (id: string) => `${prefix}:callback:${id}`;
  const ttlMs = options.ttlMs ?? LIMITS.taskLifetimeMs + 60_000;
  const { connection } = options;
  const owned = !(connection instanceof Redis);
  const commands = connection instanceof Redis ? connection : new Redis({ ...connection, lazyConnect: false });
  const subscriber = commands.duplicate();
  const local = new Map<string, (delivery: CallbackDelivery) => void>();

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let published: Published;
    try {
      published = JSON.parse(message) as Published;
    } catch {
      return;
    }
    local.get(published.id)?.(published.delivery ?? {});
  });
  // Errors are retried by ioredis; without a listener they would be unhandled.
  subscriber.on('error', () => undefined);
  if (owned) commands.on('error', () => undefined);
  const subscribed = subscriber.subscribe(channel).then(() => undefined);

  return {
    async add(id, secret, onCallback) {
      local.set(id, onCallback);
      await commands.set(keyOf(id), secret, 'PX', ttlMs);
    },
    async remove(id) {
      local.delete(id);
      await commands.del(keyOf(id));
    },
    async secretOf(id) {
      return (await commands.get(keyOf(id))) ?? undefined;
    },
    async deliver(id, delivery) {
      await commands.publish(channel, JSON.stringify({ id, delivery } satisfies Published));
    },
    ready: () => subscribed,
    async close() {
      local.clear();
      subscriber.disconnect();
      if (owned) await commands.quit().catch(() => undefined);
    },
  };
}
