import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerializedTask } from '@capkit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileStore, type CorruptTaskFile } from '../fileStore.js';

// Issue 16: records are validated on read (the one saved-task format of core), and a task is polled
// by one live process only (a lease), even when two processes resume from one directory.
const record = (key: string, overrides: Record<string, unknown> = {}) => ({
  version: 1,
  key,
  task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'site-key' },
  taskId: `task-${key}`,
  createdAt: Date.now(),
  queries: 2,
  state: 'waiting',
  ...overrides,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capkit-filestore-trust-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileStore: records validated on read', () => {
  it('skips and reports a record that would break the limits, naming the field', async () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['string-created', { createdAt: '2026-12-08T01:00:00Z' }],
      ['negative-queries', { queries: -5 }],
      ['fraction-queries', { queries: 1.5 }],
      ['no-created', { createdAt: undefined }],
      ['huge-poll', { nextPollAt: 'later' }],
    ];
    for (const [key, overrides] of bad) {
      await writeFile(join(dir, `${key}.json`), JSON.stringify(record(key, overrides)));
    }
    await writeFile(join(dir, 'moved.json'), JSON.stringify(record('elsewhere')));
    await writeFile(join(dir, 'good.json'), JSON.stringify(record('good')));
    const reports: CorruptTaskFile[] = [];
    const listed = await fileStore(dir, { onCorrupt: (entry) => reports.push(entry) }).list();
    expect(listed.map((task) => task.key)).toEqual(['good']);
    const problems = Object.fromEntries(reports.map(({ file, problem }) => [file.split('/').pop(), problem]));
    expect(problems).toEqual({
      'string-created.json': expect.stringContaining('"createdAt"'),
      'negative-queries.json': expect.stringContaining('"queries"'),
      'fraction-queries.json': expect.stringContaining('"queries"'),
      'no-created.json': expect.stringContaining('"createdAt"'),
      'huge-poll.json': expect.stringContaining('"nextPollAt"'),
      'moved.json': expect.stringContaining('"key"'),
    });
  });
});

describe('fileStore: one live process owns a task', () => {
  it('lists no task whose lease another live process holds, and takes it over once that process is gone', async () => {
    const store = fileStore(dir);
    await store.save(record('shared') as SerializedTask);
    // Another process (alive) holds the lease.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    await new Promise((resolve) => other.once('spawn', resolve));
    await writeFile(join(dir, 'shared.json.lock'), JSON.stringify({ pid: other.pid, host: hostname() }));
    expect(await fileStore(dir).list()).toEqual([]);
    // Nor may this process write it meanwhile.
    await expect(store.save(record('shared', { queries: 3 }) as SerializedTask)).rejects.toThrow(
      /another live process/,
    );

    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const listed = await fileStore(dir).list();
    expect(listed.map((task) => task.key)).toEqual(['shared']);
  });

  it('takes no lease over when it may not probe the owner (Deno without --allow-run): the lease must go stale', async () => {
    const store = fileStore(dir, { leaseStaleMs: 60_000 });
    await store.save(record('probe') as SerializedTask);
    // A pid that is surely gone: only the probe's refusal may keep the lease.
    await writeFile(join(dir, 'probe.json.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname() }));
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('Requires run access, run again with the --allow-run flag'), {
        name: 'NotCapable',
      });
    });
    try {
      expect(await fileStore(dir, { leaseStaleMs: 60_000 }).list()).toEqual([]);
    } finally {
      kill.mockRestore();
    }
    // With the probe allowed, the dead owner's lease is taken over at once.
    expect((await fileStore(dir).list()).map((task) => task.key)).toEqual(['probe']);
  });

  it('two processes resuming one directory split the tasks: none is listed by both', async () => {
    const store = fileStore(dir);
    for (let n = 0; n < 6; n += 1) await store.save(record(`t${n}`) as SerializedTask);
    // Drop this process's leases, as after a restart.
    for (let n = 0; n < 6; n += 1) await rm(join(dir, `t${n}.json.lock`));
    const script = `
      const { fileStore } = await import(${JSON.stringify(new URL('../fileStore.ts', import.meta.url).href)});
      const tasks = await fileStore(${JSON.stringify(dir)}).list();
      console.log(JSON.stringify(tasks.map((task) => task.key)));
      setTimeout(() => {}, 2000);
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions', '@capkit/source', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const childKeys = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as string[]);
      });
      child.once('exit', (code) => reject(new Error(`child exited with ${code} before listing`)));
    });
    const mine = (await fileStore(dir).list()).map((task) => task.key);
    child.kill('SIGKILL');
    expect(childKeys.length + mine.length).toBe(6);
    expect(mine.filter((key) => childKeys.includes(key))).toEqual([]);
  }, 30_000);
});
