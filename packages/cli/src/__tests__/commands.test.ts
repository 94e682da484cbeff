import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorEnv, runCapkit, startCapkit } from './support/runCapkit.js';
import { runInProcess } from './support/runInProcess.js';

const emulators: Emulator[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function emulator(): Promise<Emulator> {
  const started = await startEmulator({ seed: 2, timeScale: 0.01 });
  emulators.push(started);
  return started;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'capkit-cli-'));
  dirs.push(dir);
  return dir;
}

describe.concurrent('capkit result, balance, feedback', () => {
  it('balance prints the balance, as text and as JSON', async () => {
    const server = await emulator();
    server.control.setBalance(12.5);
    const [text, json] = await Promise.all([
      runInProcess(['balance'], emulatorEnv(server.url)),
      runCapkit(['balance', '--json'], emulatorEnv(server.url)),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Balance: \$12\.5000$/m);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, balance: 12.5, packages: [] });
  });

  it('result follows a task created elsewhere until it is ready', async () => {
    // A 30 s lifetime (scale 0.1): the task is created before the child process starts, however slow that is.
    const server = await startEmulator({ seed: 2, timeScale: 0.1 });
    emulators.push(server);
    server.control.forceNext({ statuses: ['processing', 'processing', 'ready'] });
    const created = (await (
      await fetch(`${server.url}/createTask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientKey: 'CAP-EMULATOR-KEY',
          task: { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com', websiteKey: '0x4AAA' },
        }),
      })
    ).json()) as { taskId: string };
    const run = await runCapkit(
      ['result', created.taskId, '--created-at', new Date().toISOString(), '--queries-used', '0', '--json'],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.1' }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      taskId: created.taskId,
      queries: 3,
      solution: { token: expect.any(String) },
    });
  });

  it('result exits 1 for an unknown task id, and 2 for a malformed --created-at', async () => {
    const server = await emulator();
    const unknown = await runCapkit(
      ['result', '00000000-0000-4000-8000-000000000000', '--json'],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' }),
    );
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      error: { code: 'ERROR_TASKID_INVALID', category: 'not-found' },
    });
    const malformed = await runInProcess(['result', 'abc', '--created-at', 'yesterday-ish'], emulatorEnv(server.url));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/\[field: createdAt\]/);
  });

  it('feedback reports an invalid token, and needs exactly one of --invalid/--valid', async () => {
    const server = await emulator();
    const { taskId } = (await (
      await fetch(`${server.url}/createTask`, {
        method: 'POST',
        body: JSON.stringify({
          clientKey: 'CAP-EMULATOR-KEY',
          task: { type: 'ImageToTextTask', body: 'iVBORw0KGgo=' },
        }),
      })
    ).json()) as { taskId: string };
    const sent = await runCapkit(
      ['feedback', taskId, '--invalid', '--code', '1001', '--message', 'token rejected', '--json'],
      emulatorEnv(server.url),
    );
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toEqual({
      ok: true,
      taskId,
      result: { invalid: true, code: 1001, message: 'token rejected' },
    });
    expect(server.stats().requestsByMethod.feedbackTask).toBe(1);
    const ambiguous = await runInProcess(['feedback', taskId], emulatorEnv(server.url));
    expect(ambiguous.code).toBe(2);
    expect(server.stats().requestsByMethod.feedbackTask).toBe(1);
  });
});

describe.concurrent('capkit emulator, diagram, visualize', () => {
  it('emulator serves until interrupted and prints where it listens', async () => {
    const running = startCapkit(['emulator', '--json', '--seed', '9', '--time-scale', '0.01']);
    await running.waitFor(/\}\n/);
    const { url, apiKey } = JSON.parse(running.output().stdout) as { url: string; apiKey: string };
    const balance = (await (
      await fetch(`${url}/getBalance`, { method: 'POST', body: JSON.stringify({ clientKey: apiKey }) })
    ).json()) as { errorId: number };
    expect(balance.errorId).toBe(0);
    const stats = (await (await fetch(`${url}/__emulator/stats`)).json()) as { seed: number };
    expect(stats.seed).toBe(9);
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(done.code).toBe(0);
    // --json: exactly one document, even though the emulator ran and stopped.
    expect(done.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('diagram prints the Mermaid lifecycle, writes it into a file and checks it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'LIFECYCLE.md');
    const printed = await runCapkit(['diagram']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/stateDiagram-v2/);
    const written = await runInProcess(['diagram', '--out', file]);
    expect(written.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain(printed.stdout.trim());
    expect((await runInProcess(['diagram', '--out', file, '--check'])).code).toBe(0);
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('stateDiagram-v2', 'stateDiagram-v2\n  stale --> diagram'),
    );
    const stale = await runCapkit(['diagram', '--out', file, '--check', '--json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject({ ok: false, error: { code: 'CAPKIT_DIAGRAM_STALE' } });
    expect((await runInProcess(['diagram', '--check'])).code).toBe(2);
  });

  it('visualize --demo serves the page and feeds it every task of the demo batch', async () => {
    const running = startCapkit(['visualize', '--demo', '--time-scale', '0.02']);
    await running.waitFor(/demo batch done/);
    const url = /open (http:\S+)/.exec(running.output().stdout)?.[1] as string;
    const { tasks } = (await (await fetch(`${url}tasks.json`)).json()) as { tasks: unknown[] };
    expect(tasks).toHaveLength(9);
    expect((await fetch(url)).status).toBe(200);
    running.child.kill('SIGINT');
    expect((await running.done).code).toBe(0);
  });
});
