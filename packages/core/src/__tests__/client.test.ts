import { describe, expect, it } from 'vitest';
import { createClient } from '../client/createClient.js';
import { createMemoryStore } from '../client/createMemoryStore.js';
import type { SerializedTask, TaskProgress, TaskStore } from '../client/types.js';
import {
  AuthenticationError,
  InsufficientBalanceError,
  InvalidTaskError,
  UnsolvableError,
} from '../errors/apiErrors.js';
import { AbortedError, ConfigurationError, TaskMayExistError } from '../errors/clientErrors.js';
import { API_KEY, clientFor, emulator, imageTask, recaptchaTask } from './helpers/emulator.js';

describe('createClient: configuration', () => {
  it('refuses a missing key with a clear message, unless in proxy mode', () => {
    expect(() => createClient({})).toThrow(ConfigurationError);
    expect(() => createClient({})).toThrow(/apiKey.*proxyUrl/);
    expect(() => createClient({ proxyUrl: 'https://backend.example/capsolver' })).not.toThrow();
  });

  it('takes proxyUrl or apiKey (with baseUrl), not both', () => {
    const proxyUrl = 'https://backend.example/capsolver';
    expect(() => createClient({ proxyUrl, apiKey: 'k' })).toThrow(/not both/);
    expect(() => createClient({ proxyUrl, baseUrl: 'https://api.capsolver.com' })).toThrow(/not both/);
    expect(() => createClient({ proxyUrl: 'http://api.example.com' })).toThrow(/plain HTTP/);
  });

  it('refuses a plain-HTTP base URL unless it is loopback or explicitly allowed', () => {
    expect(() => createClient({ apiKey: 'k', baseUrl: 'http://api.example.com' })).toThrow(/plain HTTP/);
    for (const baseUrl of [
      'http://127.0.0.1:8080',
      'http://127.1.2.3',
      'http://localhost:3000',
      'http://[::1]:9000',
      'https://api.example.com',
    ]) {
      expect(() => createClient({ apiKey: 'k', baseUrl })).not.toThrow();
    }
    expect(() =>
      createClient({ apiKey: 'k', baseUrl: 'http://api.example.com', allowInsecureBaseUrl: true }),
    ).not.toThrow();
    expect(() => createClient({ apiKey: 'k', baseUrl: 'ftp://api.example.com' })).toThrow(ConfigurationError);
    expect(() => createClient({ apiKey: 'k', baseUrl: 'not a url' })).toThrow(ConfigurationError);
  });

  it('refuses bad numbers before any request', () => {
    expect(() => createClient({ apiKey: 'k', timeoutMs: 0 })).toThrow(ConfigurationError);
    expect(() => createClient({ apiKey: 'k', maxRetries: -1 })).toThrow(ConfigurationError);
    expect(() => createClient({ apiKey: 'k', limits: { maxQueriesPerTask: Number.NaN } })).toThrow(ConfigurationError);
  });

  it('never puts the key in a configuration error, even one pasted as the base URL', () => {
    const key = 'CAP-SHOULD-NEVER-SHOW-0042';
    const attempts = [
      { apiKey: key, baseUrl: 'http://api.example.com' },
      { apiKey: key, baseUrl: key },
      // Swapped environment variables: the key landed in baseUrl, a URL in apiKey.
      { apiKey: 'https://api.capsolver.com', baseUrl: key },
    ];
    for (const options of attempts) {
      const error = (() => {
        try {
          createClient(options);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String(error)).not.toContain(key);
      expect((error as Error).stack).not.toContain(key);
      expect(JSON.stringify(error)).not.toContain(key);
    }
  });
});

describe('client: solving against the emulator', () => {
  it('solves a token task by polling, and a recognition task with zero queries', async () => {
    const target = await emulator();
    const client = clientFor(target);
    const token = await client.solve(recaptchaTask);
    expect(token.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(token.queries).toBeGreaterThan(0);
    expect(target.stats().queriesByTask[token.taskId]).toBe(token.queries);

    const text = await client.solve(imageTask);
    expect(text.solution.text).toEqual(expect.any(String));
    expect(text.queries).toBe(0);
    expect(target.stats().queriesByTask[text.taskId] ?? 0).toBe(0);
  });

  it('reports progress through onProgress and subscribe, with a stable snapshot', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['idle', 'processing', 'processing', 'ready'] });
    const seen: TaskProgress[] = [];
    const handle = clientFor(target).start(recaptchaTask, { onProgress: (progress) => seen.push(progress) });
    const viaSubscribe: string[] = [];
    const unsubscribe = handle.subscribe((progress) => viaSubscribe.push(progress.state));
    expect(handle.getSnapshot()).toBe(handle.getSnapshot());
    const result = await handle;
    unsubscribe();
    // createTask answers idle or processing (the emulator's choice); the lifecycle never goes back.
    const states = seen.map((progress) => progress.state).filter((state, i, all) => state !== all[i - 1]);
    expect([
      ['creating', 'idle', 'processing', 'ready'],
      ['creating', 'processing', 'ready'],
    ]).toContainEqual(states);
    expect(seen.map((progress) => progress.step)).toEqual(expect.arrayContaining(['waiting', 'querying']));
    // The step is only there inside idle and processing.
    for (const progress of seen) {
      expect(progress.step !== undefined).toBe(progress.state === 'idle' || progress.state === 'processing');
    }
    expect(seen.map((progress) => progress.status)).toEqual(expect.arrayContaining(['idle', 'processing', 'ready']));
    expect(seen.at(-1)).toMatchObject({
      state: 'ready',
      done: true,
      taskId: result.taskId,
      queries: 4,
      maxQueries: 120,
    });
    expect(seen.every((progress) => progress.remainingMs >= 0 && progress.elapsedMs >= 0)).toBe(true);
    expect(viaSubscribe.at(-1)).toBe('ready');
    expect(handle.getSnapshot().state).toBe('ready');
    expect(handle.taskId).toBe(result.taskId);
  });

  it('gives a subscriber the current progress at once, even one added after the task ended', async () => {
    const target = await emulator();
    const handle = clientFor(target).start(recaptchaTask);
    const early: TaskProgress[] = [];
    handle.subscribe((progress) => early.push(progress));
    // start() has already emitted `creating`; the subscriber still sees it.
    expect(early).toEqual([handle.getSnapshot()]);
    expect(early[0]).toMatchObject({ state: 'creating', done: false });
    await handle;
    const late: TaskProgress[] = [];
    handle.subscribe((progress) => late.push(progress));
    expect(late).toEqual([expect.objectContaining({ state: 'ready', done: true })]);
  });

  it('maps refusals to typed errors', async () => {
    const target = await emulator();
    await expect(createClient({ apiKey: 'CAP-WRONG', baseUrl: target.url }).getBalance()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    const client = clientFor(target);
    await expect(
      client.solve({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com' } as never),
    ).rejects.toBeInstanceOf(InvalidTaskError);
    target.control.forceNext({ outcome: 'unsolvable' });
    const unsolvable = await client.solve(recaptchaTask).catch((error: unknown) => error);
    expect(unsolvable).toBeInstanceOf(UnsolvableError);
    expect(unsolvable).toMatchObject({ code: 'ERROR_CAPTCHA_UNSOLVABLE', retryable: true, taskId: expect.any(String) });
    target.control.setBalance(0);
    await expect(client.solve(recaptchaTask)).rejects.toBeInstanceOf(InsufficientBalanceError);
  });

  it('offers the single calls', async () => {
    const target = await emulator();
    const client = clientFor(target);
    await expect(client.getBalance()).resolves.toMatchObject({
      balance: expect.any(Number),
      packages: expect.any(Array),
    });
    const created = await client.createTask(recaptchaTask);
    expect(created.taskId).toEqual(expect.any(String));
    await expect(client.getTaskResult(created.taskId!)).resolves.toMatchObject({ status: expect.any(String) });
    const token = await client.getToken(recaptchaTask);
    expect(token.solution.gRecaptchaResponse).toEqual(expect.any(String));
    await expect(client.feedback(created.taskId!, { invalid: false })).resolves.toHaveProperty('message');
  });

  it('follows a task created elsewhere with waitForResult', async () => {
    const target = await emulator();
    const client = clientFor(target);
    const createdAt = Date.now();
    const { taskId } = await client.createTask(recaptchaTask);
    const result = await client.waitForResult(taskId!, { createdAt, queriesUsed: 0, type: 'ReCaptchaV2TaskProxyLess' });
    expect(result.taskId).toBe(taskId);
    expect(result.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(() => client.waitForResult(taskId!, {} as never)).toThrow(ConfigurationError);
  });
});

describe('client: cancellation', () => {
  it('aborts the wait at once, keeps the taskId and leaves the task resumable', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing'] });
    const store = createMemoryStore();
    const controller = new AbortController();
    const handle = clientFor(target, { store }).start(recaptchaTask, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 80));
    const abortedAt = Date.now();
    controller.abort();
    const error = await handle.result.catch((reason: unknown) => reason);
    expect(Date.now() - abortedAt).toBeLessThan(250);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ taskId: handle.taskId, code: 'ABORTED' });
    expect(handle.taskId).toEqual(expect.any(String));
    expect((await store.list()).map((record) => record.taskId)).toEqual([handle.taskId]);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const target = await emulator();
    const controller = new AbortController();
    controller.abort();
    await expect(clientFor(target).solve(recaptchaTask, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortedError,
    );
    expect(target.stats().createTaskCalls).toBe(0);
  });

  it('cancel() ends a handle and is a no-op afterwards', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing'] });
    const handle = clientFor(target).start(recaptchaTask);
    await new Promise((resolve) => setTimeout(resolve, 50));
    handle.cancel('enough');
    await expect(handle).rejects.toBeInstanceOf(AbortedError);
    handle.cancel();
    expect(handle.getSnapshot()).toMatchObject({ state: 'error', done: true });
  });
});

/** A store that logs every operation and can be slow, to check ordering. */
function loggingStore(delayMs: (n: number) => number = () => 0) {
  const inner = createMemoryStore();
  const log: Array<{ op: 'save' | 'remove'; record?: SerializedTask; at: number }> = [];
  let n = 0;
  const store: TaskStore = {
    list: () => inner.list(),
    async save(record) {
      await new Promise((resolve) => setTimeout(resolve, delayMs(n++)));
      log.push({ op: 'save', record: structuredClone(record), at: Date.now() });
      await inner.save(record);
    },
    async remove(key) {
      await new Promise((resolve) => setTimeout(resolve, delayMs(n++)));
      log.push({ op: 'remove', at: Date.now() });
      await inner.remove(key);
    },
  };
  return { store, log, inner };
}

describe('client: store and resume', () => {
  it('saves before createTask, after it, after each poll, and removes the finished task', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['idle', 'processing', 'ready'] });
    const { store, log, inner } = loggingStore(() => 15);
    let createSentAt = 0;
    const watchingFetch: typeof fetch = (input, init) => {
      if (String(input).endsWith('/createTask')) createSentAt = Date.now();
      return globalThis.fetch(input, init);
    };
    const result = await clientFor(target, { store, fetch: watchingFetch }).solve(recaptchaTask);
    const first = log[0]!;
    expect(first).toMatchObject({
      op: 'save',
      record: { version: 2, state: 'creating', queries: 0, task: recaptchaTask },
    });
    expect(first.record!.taskId).toBeUndefined();
    expect(first.at).toBeLessThanOrEqual(createSentAt);
    expect(log.find((entry) => entry.record?.taskId)?.record).toMatchObject({
      state: expect.stringMatching(/^(idle|processing)$/),
      taskId: result.taskId,
      queries: 0,
    });
    const queries = log.filter((entry) => entry.op === 'save').map((entry) => entry.record!.queries);
    expect(queries).toEqual([...queries].sort((a, b) => a - b));
    expect(Math.max(...queries)).toBe(result.queries);
    expect(log.at(-1)!.op).toBe('remove');
    expect(inner.size).toBe(0);
    expect(JSON.stringify(log)).not.toContain(API_KEY);
  });

  it('has every request counted in the store before it leaves, retries included', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing', 'processing', 'processing', 'ready'] });
    // Unprocessed: these two retries must not use up the forced statuses.
    target.control.scriptFaults([{ method: 'getTaskResult', kind: 'http502Unprocessed', times: 2 }]);
    // Writes slower than the client's polls: nothing may leave before its count has landed.
    const { store, log } = loggingStore(() => 25);
    const landed = () => log.filter((entry) => entry.op === 'save').map((entry) => entry.record!);
    const atSend: Array<{ method: string; stored: SerializedTask | undefined }> = [];
    const watchingFetch: typeof fetch = (input, init) => {
      atSend.push({ method: String(input).split('/').pop()!, stored: landed().at(-1) });
      return globalThis.fetch(input, init);
    };
    const result = await clientFor(target, { store, fetch: watchingFetch }).solve(recaptchaTask);
    const queries = atSend.filter((sent) => sent.method === 'getTaskResult');
    expect(queries.length).toBe(result.queries);
    expect(queries.length).toBeGreaterThanOrEqual(6);
    queries.forEach((sent, index) => {
      expect(sent.stored, `query ${index + 1}`).toMatchObject({ taskId: result.taskId, queries: index + 1 });
    });
    expect(atSend[0]).toMatchObject({ method: 'createTask', stored: { state: 'creating', queries: 0 } });
  });

  it('keeps writes in order and the task alive when the store is slow or failing', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing', 'processing', 'ready'] });
    const { store, log } = loggingStore((n) => (n % 2 === 0 ? 40 : 1));
    await clientFor(target, { store }).solve(recaptchaTask);
    expect(log.map((entry) => entry.at)).toEqual([...log.map((entry) => entry.at)].sort((a, b) => a - b));
    expect(log.at(-1)!.op).toBe('remove');

    const warnings: string[] = [];
    const broken: TaskStore = {
      list: async () => [],
      save: () => Promise.reject(new Error('disk full')),
      remove: async () => undefined,
    };
    const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message), error() {} };
    await expect(clientFor(target, { store: broken, logger }).solve(recaptchaTask)).resolves.toHaveProperty('solution');
    expect(warnings.some((message) => message.includes('store write failed'))).toBe(true);
  });

  it('resumes a serialized task in another client with its remaining budget', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing', 'processing', 'processing', 'processing', 'ready'] });
    const first = clientFor(target).start(recaptchaTask);
    // Cancelled between two queries: a query cancelled in flight is counted by the client (it counts
    // before sending) yet may never reach the service, and this test compares both counts exactly.
    while (!(first.getSnapshot().step === 'waiting' && first.getSnapshot().queries >= 2)) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    first.cancel();
    await first.result.catch(() => undefined);
    const serialized = JSON.parse(JSON.stringify(first.serialize())) as SerializedTask;
    expect(serialized).toMatchObject({ version: 2, taskId: first.taskId, queries: expect.any(Number) });
    expect(JSON.stringify(serialized)).not.toContain(API_KEY);

    const resumed = await clientFor(target).resume<'ReCaptchaV2TaskProxyLess'>(serialized);
    expect(resumed.taskId).toBe(first.taskId);
    expect(resumed.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(resumed.queries).toBe(target.stats().queriesByTask[first.taskId!]);
    expect(target.stats().createTaskCalls).toBe(1);
  });

  it('resumePending settles a record without taskId with TaskMayExistError and never re-sends it', async () => {
    const target = await emulator();
    const live = await clientFor(target).createTask(recaptchaTask);
    const store = createMemoryStore([
      {
        version: 1,
        key: 'crashed-during-create',
        task: recaptchaTask,
        queries: 0,
        state: 'creating',
        createdAt: Date.now(),
      },
      {
        version: 1,
        key: 'was-polling',
        task: recaptchaTask,
        taskId: live.taskId,
        createdAt: Date.now(),
        queries: 1,
        state: 'waiting',
      },
    ]);
    const client = clientFor(target, { store });
    const handles = await client.resumePending();
    const outcomes = await Promise.allSettled(handles.map((handle) => handle.result));
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.any(TaskMayExistError) });
    expect(outcomes[1]).toMatchObject({ status: 'fulfilled', value: { taskId: live.taskId } });
    expect(target.stats().createTaskCalls).toBe(1);
    expect(store.size).toBe(0);
    await expect(createClient({ apiKey: API_KEY, baseUrl: target.url }).resumePending()).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });
});

describe('client: a store per task', () => {
  it("keeps a task in the store given to start(), not in the client's", async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing', 'ready'] });
    const clientStore = loggingStore();
    const taskStore = loggingStore();
    const handle = clientFor(target, { store: clientStore.store }).start(recaptchaTask, { store: taskStore.store });
    await handle;
    expect(clientStore.log).toEqual([]);
    expect(taskStore.log.filter((entry) => entry.op === 'save').at(-1)?.record).toMatchObject({
      key: handle.key,
      taskId: handle.taskId,
    });
    expect(taskStore.log.at(-1)!.op).toBe('remove');
    expect(taskStore.inner.size).toBe(0);
  });

  it('keeps tasks resumed with resumePending(store) in that store', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing', 'ready'] });
    const live = await clientFor(target).createTask(recaptchaTask);
    const { store, log, inner } = loggingStore();
    await inner.save({
      version: 1,
      key: 'from-a-job',
      task: recaptchaTask,
      taskId: live.taskId,
      createdAt: Date.now(),
      queries: 0,
      state: 'waiting',
    });
    // The client itself has no store: the resumed task's progress goes back to where it came from.
    const [handle] = await clientFor(target).resumePending(store);
    const result = await handle!;
    expect(result.taskId).toBe(live.taskId);
    expect(log.filter((entry) => entry.op === 'save').at(-1)?.record).toMatchObject({
      key: 'from-a-job',
      queries: result.queries,
    });
    expect(log.at(-1)!.op).toBe('remove');
    expect(inner.size).toBe(0);
  });
});

/** Real timers that count what is still pending. */
function trackingTimers() {
  const pending = new Set<ReturnType<typeof setTimeout>>();
  return {
    timers: {
      setTimeout: (callback: () => void, ms: number) => {
        const handle = setTimeout(() => {
          pending.delete(handle);
          callback();
        }, ms);
        pending.add(handle);
        return handle;
      },
      clearTimeout: (handle: unknown) => {
        pending.delete(handle as ReturnType<typeof setTimeout>);
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    },
    pending: () => pending.size,
  };
}

describe('client: no timer left behind', () => {
  it('after a solve, a cancel while waiting and a cancel mid-request', async () => {
    const target = await emulator();
    const { timers, pending } = trackingTimers();
    const client = clientFor(target, { timers });
    await client.solve(recaptchaTask);
    expect(pending()).toBe(0);

    target.control.forceNext({ statuses: ['processing'] });
    const waiting = client.start(recaptchaTask);
    while (waiting.getSnapshot().step !== 'waiting' || waiting.getSnapshot().queries < 1)
      await new Promise((resolve) => setTimeout(resolve, 2));
    expect(pending()).toBeGreaterThan(0);
    waiting.cancel();
    await waiting.result.catch(() => undefined);
    expect(pending()).toBe(0);

    target.control.scriptFaults([{ method: 'getTaskResult', kind: 'latency', delayMs: 100_000 }]);
    const querying = client.start(recaptchaTask);
    while (querying.getSnapshot().step !== 'querying') await new Promise((resolve) => setTimeout(resolve, 2));
    querying.cancel();
    await expect(querying).rejects.toBeInstanceOf(AbortedError);
    expect(pending()).toBe(0);
  });
});

describe('client: a key pasted into a task', () => {
  it('is scrubbed from stored records, serialize() and inspection events', async () => {
    const target = await emulator();
    const records: SerializedTask[] = [];
    const inner = createMemoryStore();
    const store: TaskStore = {
      ...inner,
      save: async (record) => {
        records.push(structuredClone(record));
        return inner.save(record);
      },
    };
    const events: unknown[] = [];
    const client = clientFor(target, { store, inspect: (event) => events.push(event) });
    const handle = client.start({ ...recaptchaTask, websiteURL: `https://example.com/?token=${API_KEY}` });
    await handle;
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain(API_KEY);
    expect(JSON.stringify(handle.serialize())).not.toContain(API_KEY);
    const contexts = events.map((event) => (event as { snapshot?: { context?: unknown } }).snapshot?.context);
    expect(JSON.stringify(contexts)).not.toContain(API_KEY);
  });
});
