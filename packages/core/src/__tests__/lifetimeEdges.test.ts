import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/createClient.js';
import type { SerializedTask, TaskStore } from '../client/types.js';
import { TaskExpiredError } from '../errors/clientErrors.js';
import { startScriptedServer } from './helpers/scriptedServer.js';

// Issue 16, lifetime and budget edges, through the real client and real HTTP.
const KEY = 'CAP-LIFETIME-EDGES-KEY';
const task = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'site-key' } as const;
// A 2 s lifetime, so the edges come quickly; the last query may leave at createdAt + 1.9 s.
const limits = { taskLifetimeMs: 2_000, lifetimeSafetyMarginMs: 100, pollIntervalMs: 100, minPollGapMs: 20 };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('lifetime edges', () => {
  it('a Retry-After longer than the lifetime left: one last query at the last allowed moment, not an instant TaskExpiredError', async () => {
    const server = await startScriptedServer((request, index) => {
      if (request.path === '/createTask') return { body: { errorId: 0, taskId: 't-ra', status: 'idle' } };
      // The first query is rate-limited with a wait far beyond the lifetime.
      return index === 1
        ? { status: 429, headers: { 'retry-after': '30' }, body: { errorId: 1, errorCode: 'ERROR_RATE_LIMIT' } }
        : { body: { errorId: 0, status: 'ready', solution: { gRecaptchaResponse: 'token' } } };
    });
    closers.push(server.close);
    const client = createClient({ apiKey: KEY, baseUrl: server.url, limits, backoff: { baseDelayMs: 5 } });
    const started = Date.now();
    const result = await client.solve(task);
    expect(result.solution).toEqual({ gRecaptchaResponse: 'token' });
    const queries = server.received.filter((request) => request.path === '/getTaskResult');
    expect(queries).toHaveLength(2);
    // The second query waited for the last allowed moment (lifetime 2 s minus the 0.1 s margin).
    expect(queries[1]!.at - started).toBeGreaterThan(1_500);
    expect(queries[1]!.at - started).toBeLessThanOrEqual(1_950);
  });

  it('re-checks the deadline after a slow store write: no query leaves after the lifetime', async () => {
    const server = await startScriptedServer((request) =>
      request.path === '/createTask'
        ? { body: { errorId: 0, taskId: 't-slow', status: 'idle' } }
        : { body: { errorId: 0, status: 'processing' } },
    );
    closers.push(server.close);
    let createdAt = 0;
    // Each write of a record that already has a task id takes 700 ms (a slow disk, a remote store).
    const store: TaskStore = {
      list: async () => [],
      save: async (record: SerializedTask) => {
        createdAt ||= record.createdAt ?? 0;
        if (record.taskId) await new Promise((resolve) => setTimeout(resolve, 700));
      },
      remove: async () => undefined,
    };
    const client = createClient({ apiKey: KEY, baseUrl: server.url, limits, store, maxRetries: 0 });
    const error = await client.solve(task).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TaskExpiredError);
    const last = createdAt + limits.taskLifetimeMs - limits.lifetimeSafetyMarginMs;
    const late = server.received.filter((request) => request.path === '/getTaskResult' && request.at > last);
    expect(late).toEqual([]);
  });
});
