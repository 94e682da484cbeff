import { ConfigurationError, createClient, scaleLimits, type SerializedTask, type TaskHandle } from '@capkit/core';
import { fixed, startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STORAGE_PREFIX, webStorageStore, type CorruptEntry } from '../webStorageStore.js';
import { createMemoryStorage } from './support/createMemoryStorage.js';

const record = (key: string, extra: Partial<SerializedTask> = {}): SerializedTask => ({
  version: 2,
  key,
  task: { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com/', websiteKey: '0x4AAAAAAAExampleKey' },
  taskId: `id-${key}`,
  createdAt: 1_700_000_000_000,
  queries: 3,
  state: 'processing',
  lastStatus: 'processing',
  nextPollAt: 1_700_000_003_000,
  ...extra,
});

describe('webStorageStore', () => {
  it('saves, lists and removes records under its prefix', async () => {
    const storage = createMemoryStorage();
    const store = webStorageStore(storage);
    await store.save(record('a'));
    await store.save(record('b', { queries: 0, state: 'creating', taskId: undefined }));
    await store.save(record('a', { queries: 4 }));

    expect(storage.getItem(`${DEFAULT_STORAGE_PREFIX}a`)).toBe(JSON.stringify(record('a', { queries: 4 })));
    const listed = await store.list();
    expect(listed.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      record('a', { queries: 4 }),
      // Absent optional fields stay absent: JSON has no undefined.
      {
        version: 2,
        key: 'b',
        task: record('b').task,
        createdAt: 1_700_000_000_000,
        queries: 0,
        state: 'creating',
        lastStatus: 'processing',
        nextPollAt: 1_700_000_003_000,
      },
    ]);

    await store.remove('a');
    await store.remove('never-saved');
    expect((await store.list()).map((task) => task.key)).toEqual(['b']);
    expect(storage.length).toBe(1);
  });

  it('never reads or touches keys outside its prefix', async () => {
    const storage = createMemoryStorage();
    storage.setItem('app:theme', 'dark');
    storage.setItem('capkit:task', 'prefix without a key');
    const checkout = webStorageStore(storage, { prefix: 'checkout:' });
    const login = webStorageStore(storage, { prefix: 'login:' });
    await checkout.save(record('one'));
    await login.save(record('two'));

    expect((await checkout.list()).map((task) => task.key)).toEqual(['one']);
    expect((await login.list()).map((task) => task.key)).toEqual(['two']);
    await checkout.remove('two');
    expect(storage.getItem('app:theme')).toBe('dark');
    expect(storage.getItem('login:two')).not.toBeNull();
  });

  it('writes only the fields of a SerializedTask, so nothing else (a key) can reach the storage', async () => {
    const storage = createMemoryStorage();
    const leaky = { ...record('a'), clientKey: 'CAP-SECRET', apiKey: 'CAP-SECRET' } as SerializedTask;
    await webStorageStore(storage).save(leaky);

    const stored = storage.getItem(`${DEFAULT_STORAGE_PREFIX}a`)!;
    expect(stored).not.toContain('CAP-SECRET');
    expect(JSON.parse(stored)).toEqual(record('a'));
  });

  it('skips corrupt entries, reports each without quoting it, and lists the good ones', async () => {
    const storage = createMemoryStorage();
    const entries: Array<[string, string]> = [
      ['bad-json', '{"version":1,"key":"bad-json", "task": {"proxyPassword": "hunter2"'],
      ['not-object', '[1,2]'],
      ['old-version', JSON.stringify({ ...record('old-version'), version: 0 })],
      ['moved', JSON.stringify(record('elsewhere'))],
      ['no-state', JSON.stringify({ ...record('no-state'), state: 7 })],
      ['bad-queries', JSON.stringify({ ...record('bad-queries'), queries: -1 })],
      ['bad-task', JSON.stringify({ ...record('bad-task'), task: { websiteURL: 'x' } })],
      ['bad-deadline', JSON.stringify({ ...record('bad-deadline'), nextPollAt: 'soon' })],
    ];
    for (const [key, value] of entries) storage.setItem(`${DEFAULT_STORAGE_PREFIX}${key}`, value);
    const reports: CorruptEntry[] = [];
    const store = webStorageStore(storage, { onCorrupt: (entry) => reports.push(entry) });
    await store.save(record('good'));

    expect((await store.list()).map((task) => task.key)).toEqual(['good']);
    expect(
      Object.fromEntries(
        reports.map(({ storageKey, problem }) => [storageKey.slice(DEFAULT_STORAGE_PREFIX.length), problem]),
      ),
    ).toEqual({
      // Core's parseSavedTask judges every record (the one saved-task format), naming the field.
      'bad-json': 'not valid JSON',
      'not-object': 'Saved task record: "record" is not an object',
      'old-version': 'Saved task record: "version" is not 1 or 2',
      moved: 'Saved task record: "key" does not match the key it was filed under',
      'no-state': 'Saved task record: "state" is not a string',
      'bad-queries': 'Saved task record: "queries" is not a non-negative integer',
      'bad-task': 'Saved task record: "task.type" is not a string',
      'bad-deadline': 'Saved task record: "nextPollAt" is not a time (epoch ms, a finite number)',
    });
    expect(JSON.stringify(reports)).not.toContain('hunter2');
    // Skipped, not deleted: the data stays for whoever wants to look at it.
    expect(storage.length).toBe(entries.length + 1);
  });

  it('reports corrupt entries with console.warn by default', async () => {
    const storage = createMemoryStorage();
    storage.setItem(`${DEFAULT_STORAGE_PREFIX}x`, 'garbage');
    const warned: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args);
    try {
      expect(await webStorageStore(storage).list()).toEqual([]);
    } finally {
      console.warn = original;
    }
    expect(warned).toEqual([
      [`[capkit] webStorageStore skipped the unreadable entry "${DEFAULT_STORAGE_PREFIX}x": not valid JSON.`],
    ]);
  });

  it('passes a full storage on as a failed write', async () => {
    const store = webStorageStore(createMemoryStorage({ quotaBytes: 200 }));
    await expect(store.save(record('a'))).rejects.toMatchObject({ name: 'QuotaExceededError' });
  });

  it('refuses to run without a usable storage or with an empty prefix', () => {
    // Node has no sessionStorage: the default cannot be found.
    expect(() => webStorageStore()).toThrow(ConfigurationError);
    expect(() => webStorageStore()).toThrow(/sessionStorage is not available/);
    expect(() => webStorageStore({} as Storage)).toThrow(ConfigurationError);
    expect(() => webStorageStore(createMemoryStorage(), { prefix: '' })).toThrow(/prefix must not be empty/);
  });
});

describe('webStorageStore with the core client', () => {
  const TIME_SCALE = 0.02;
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 7, timeScale: TIME_SCALE, solveTime: fixed(10_000) });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('keeps an interrupted task, and a second client finishes it without creating it again', async () => {
    const storage = createMemoryStorage();
    const options = { apiKey: 'CAP-EMULATOR-KEY', baseUrl: emulator.url, limits: scaleLimits(TIME_SCALE) };
    const first = createClient({ ...options, store: webStorageStore(storage) });
    const handle = first.start(record('unused').task!);
    await new Promise<void>((resolve) => {
      const stop = handle.subscribe((progress) => {
        if (progress.step === 'waiting' && progress.queries >= 1) {
          stop();
          resolve();
        }
      });
    });
    // Cancelling leaves the record in place, like a tab that went away mid-task.
    handle.cancel();
    await handle.result.catch(() => undefined);
    const [stored] = await webStorageStore(storage).list();
    expect(stored).toMatchObject({ taskId: handle.taskId, queries: 1 });
    expect(JSON.stringify(stored)).not.toContain('CAP-EMULATOR-KEY');

    const second = createClient({ ...options, store: webStorageStore(storage) });
    const resumed: TaskHandle[] = await second.resumePending();
    expect(resumed).toHaveLength(1);
    const result = await resumed[0]!;
    expect(result.taskId).toBe(handle.taskId);
    expect(result.queries).toBeGreaterThan(1);
    expect(emulator.stats().createTaskCalls).toBe(1);
    expect(emulator.stats().queriesByTask[result.taskId]).toBe(result.queries);
    expect(storage.length).toBe(0);
  });
});
