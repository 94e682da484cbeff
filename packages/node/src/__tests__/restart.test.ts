import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmulator } from '@capkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KEY = 'CAP-EMULATOR-KEY';
/** Service time runs 10x faster: the forced 40 s solve takes 4 s of real time, polls every 300 ms. */
const TIME_SCALE = 0.1;
const FIXTURE = join(import.meta.dirname, 'fixtures', 'solveWithFileStore.ts');

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, timeScale: TIME_SCALE });
  dir = await mkdtemp(join(tmpdir(), 'capkit-restart-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

interface ChildEvent {
  event: string;
  state?: string;
  taskId?: string;
  queries?: number;
  count?: number;
  solution?: Record<string, unknown>;
}

/** Runs the fixture from source (tsx + the @capkit/source condition: no build needed). */
function runChild(mode: 'start' | 'resume'): {
  child: ChildProcess;
  events: ChildEvent[];
  next: (match: (event: ChildEvent) => boolean) => Promise<ChildEvent>;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@capkit/source', FIXTURE, mode, dir], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      ...process.env,
      CAPSOLVER_API_KEY: KEY,
      CAPSOLVER_BASE_URL: emulator.url,
      CAPKIT_TIME_SCALE: String(TIME_SCALE),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ChildEvent[] = [];
  const waiters: Array<{ match: (event: ChildEvent) => boolean; resolve: (event: ChildEvent) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const event = JSON.parse(line) as ChildEvent;
    events.push(event);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(event)) waiter.resolve(event);
      else waiters.push(waiter);
    }
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(`child (${mode}) stderr:\n${stderr}`);
      resolve(code);
    }),
  );
  const next = (match: (event: ChildEvent) => boolean) =>
    new Promise<ChildEvent>((resolve, reject) => {
      const seen = events.find(match);
      if (seen) return resolve(seen);
      waiters.push({ match, resolve });
      void exit.then((code) =>
        reject(new Error(`child (${mode}) exited with ${code} before the expected event; stderr:\n${stderr}`)),
      );
    });
  return { child, events, next, exit };
}

describe('fileStore across a crash (SIGKILL mid-poll)', () => {
  it('resumes the task in a new process without creating it again', async () => {
    emulator.control.forceNext({ solveTimeMs: 40_000 });

    const first = runChild('start');
    const polling = await first.next((event) => event.event === 'progress' && (event.queries ?? 0) >= 2);
    const taskId = polling.taskId as string;
    expect(taskId).toBeTruthy();
    first.child.kill('SIGKILL');
    expect(await first.exit).toBeNull();

    // Killed mid-poll: the task is unsolved on the service and its snapshot is on disk, without the key.
    const before = emulator.stats();
    expect(before.readyAtByTask[taskId]).toBeUndefined();
    expect(first.events.some((event) => event.event === 'solved')).toBe(false);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    expect(files).toHaveLength(1);
    const saved = await readFile(join(dir, files[0] as string), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ version: 2, taskId });
    expect(saved).not.toContain(KEY);

    const second = runChild('resume');
    expect(await second.next((event) => event.event === 'resuming')).toMatchObject({ count: 1 });
    const solved = await second.next((event) => event.event === 'solved');
    expect(await second.exit).toBe(0);
    expect(solved.taskId).toBe(taskId);
    expect(solved.solution).toMatchObject({ gRecaptchaResponse: expect.any(String) });

    const stats = emulator.stats();
    expect(stats.createTaskCalls).toBe(1);
    expect(stats.tasksCreated).toBe(1);
    const queries = stats.queriesByTask[taskId] ?? 0;
    expect(queries).toBeGreaterThan(before.queriesByTask[taskId] ?? 0);
    expect(queries).toBeLessThanOrEqual(120);
    expect(stats.queriesOverBudget).toBe(0);
    expect(stats.queriesAfterExpiry).toBe(0);
    // The finished task left the store.
    expect((await readdir(dir)).filter((name) => name.endsWith('.json'))).toEqual([]);
  });
});
