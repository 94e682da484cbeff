import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaleLimits, type SerializedTask } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../createClient.js';
import { fileStore, type FileStore } from '../fileStore.js';

function serialized(key: string, overrides: Partial<SerializedTask> = {}): SerializedTask {
  return {
    version: 1,
    key,
    task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'site-key' },
    queries: 0,
    state: 'polling',
    ...overrides,
  } as SerializedTask;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capkit-filestore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileStore', () => {
  it('creates the directory on first save and lists what was saved', async () => {
    const store = fileStore(join(dir, 'nested', 'tasks'));
    expect(await store.list()).toEqual([]);
    await store.save(serialized('a', { taskId: 'task-a', createdAt: Date.now(), queries: 3 }));
    await store.save(serialized('b'));
    const listed = await store.list();
    expect(listed.map((task) => task.key).sort()).toEqual(['a', 'b']);
    expect(listed.find((task) => task.key === 'a')).toMatchObject({ taskId: 'task-a', queries: 3 });
  });

  it('keeps one file per key, the latest save winning', async () => {
    const store = fileStore(dir);
    for (let queries = 0; queries < 5; queries++) await store.save(serialized('k', { queries }));
    // The task's file, and this process's lease on it (issue 16).
    expect(await readdir(dir)).toEqual(['k.json', 'k.json.lock']);
    expect(await store.list()).toEqual([expect.objectContaining({ key: 'k', queries: 4 })]);
  });

  it('applies saves and removes of one key in call order, even when not awaited one by one', async () => {
    const store = fileStore(dir);
    const pending = [
      store.save(serialized('k', { queries: 1 })),
      store.save(serialized('k', { queries: 2 })),
      store.remove('k'),
    ];
    await Promise.all(pending);
    expect(await store.list()).toEqual([]);
    await Promise.all([store.remove('k'), store.save(serialized('k', { queries: 9 }))]);
    expect(await store.list()).toEqual([expect.objectContaining({ queries: 9 })]);
  });

  it('removes a task file, and removing an unknown key is not an error', async () => {
    const store = fileStore(dir);
    await store.save(serialized('gone'));
    await store.remove('gone');
    await store.remove('never-saved');
    expect(await readdir(dir)).toEqual([]);
  });

  it('hashes keys that are not safe file names instead of using them as paths', async () => {
    const store = fileStore(dir);
    await store.save(serialized('../../escape attempt'));
    const [name] = await readdir(dir);
    expect(name).toMatch(/^key-[0-9a-f]{40}\.json$/);
    expect(store.fileFor('../../escape attempt')).toBe(join(dir, name as string));
    expect(await store.list()).toEqual([expect.objectContaining({ key: '../../escape attempt' })]);
  });

  it('writes private files (0600) and never a clientKey', async () => {
    const store = fileStore(dir);
    const task = serialized('k');
    // A caller mistake the store defends against: the key copied into the task object.
    (task.task as Record<string, unknown>).clientKey = 'CAP-MUST-NOT-BE-WRITTEN';
    await store.save(task);
    const text = await readFile(store.fileFor('k'), 'utf8');
    expect(text).not.toContain('CAP-MUST-NOT-BE-WRITTEN');
    expect(text).not.toContain('clientKey');
    if (process.platform !== 'win32') expect((await stat(store.fileFor('k'))).mode & 0o777).toBe(0o600);
  });

  it('never exposes a torn file: concurrent readers always see complete JSON', async () => {
    const store = fileStore(dir);
    const big = 'x'.repeat(256 * 1024);
    await store.save(serialized('k', { lastStatus: big }));
    let writing = true;
    const reads: number[] = [];
    const reader = (async () => {
      while (writing) {
        const parsed = JSON.parse(await readFile(store.fileFor('k'), 'utf8')) as SerializedTask;
        reads.push(parsed.queries);
      }
    })();
    for (let queries = 1; queries <= 40; queries++) await store.save(serialized('k', { queries, lastStatus: big }));
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((queries) => queries >= 0 && queries <= 40)).toBe(true);
    // No temporary files are left behind.
    // The task's file, and this process's lease on it (issue 16).
    expect(await readdir(dir)).toEqual(['k.json', 'k.json.lock']);
  });

  it('skips files it did not write instead of failing the whole list', async () => {
    const store = fileStore(dir);
    await store.save(serialized('good'));
    await writeFile(join(dir, 'broken.json'), '{ not json');
    await writeFile(join(dir, 'other.json'), JSON.stringify({ hello: 'world' }));
    await writeFile(join(dir, '.good.json.123.abcd.tmp'), '{');
    expect((await store.list()).map((task) => task.key)).toEqual(['good']);
  });
});

describe('fileStore with a real client', () => {
  it('holds the task while it runs (never the key) and drops it once solved', async () => {
    const emulator = await startEmulator({ seed: 5, timeScale: 0.01 });
    try {
      const store = fileStore(dir);
      const written: string[] = [];
      // Reads back every file right after it is saved, to see exactly what reached the disk.
      const observed: FileStore = {
        ...store,
        save: async (task) => {
          await store.save(task);
          written.push(await readFile(store.fileFor(task.key), 'utf8'));
        },
      };
      const client = createClient({
        apiKey: 'CAP-EMULATOR-KEY',
        baseUrl: emulator.url,
        env: {},
        store: observed,
        limits: scaleLimits(0.01),
      });
      emulator.control.forceNext({ statuses: ['idle', 'processing', 'processing', 'ready'] });
      const result = await client.solve({
        type: 'ReCaptchaV2TaskProxyLess',
        websiteURL: 'https://example.com',
        websiteKey: 'site-key',
      });

      expect(written.length).toBeGreaterThanOrEqual(3);
      expect(written.some((text) => text.includes(result.taskId))).toBe(true);
      for (const text of written) expect(text).not.toContain('CAP-EMULATOR-KEY');
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
