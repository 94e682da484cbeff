import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorEnv, runCapkit } from './support/runCapkit.js';

const emulators: Emulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
});

const RECAPTCHA = [
  '--type',
  'ReCaptchaV2TaskProxyLess',
  '--param',
  'websiteURL=https://example.com/login',
  '--param',
  'websiteKey=site-key',
];

/** A time-scaled emulator, warmed up (it compiles its validators on the first createTask). */
async function emulator(): Promise<Emulator> {
  const started = await startEmulator({ seed: 1, timeScale: 0.01 });
  emulators.push(started);
  await fetch(`${started.url}/createTask`, {
    method: 'POST',
    body: JSON.stringify({
      clientKey: 'CAP-EMULATOR-KEY',
      task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'k' },
    }),
  });
  started.reset();
  return started;
}

describe.concurrent('capkit solve --callback-listen (child process against the emulator)', () => {
  it('receives the callback and confirms with one query', async () => {
    const server = await emulator();
    server.control.forceNext({ solveTimeMs: 5000 });
    const run = await runCapkit(
      ['solve', ...RECAPTCHA, '--callback-listen', '0', '--json'],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' }),
    );
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(document).toMatchObject({ ok: true, queries: 1, solution: { gRecaptchaResponse: expect.any(String) } });
    expect(server.stats().callbacks).toMatchObject({ sent: 1, delivered: 1 });
  });

  it('notes where it listens (never the per-task token) without --json', async () => {
    const server = await emulator();
    server.control.forceNext({ solveTimeMs: 5000 });
    const run = await runCapkit(
      ['solve', ...RECAPTCHA, '--callback-listen', '0'],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Listening for callbacks on http:\/\/127\.0\.0\.1:\d+\/capkit-callback/);
    expect(run.stderr).not.toMatch(/capkit-callback\/[\w-]{16}\./);
  });

  it('refuses a bad port, a bad public URL, and a public URL without --callback-listen (exit 2, nothing sent)', async () => {
    const server = await emulator();
    const env = emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' });
    const runs = await Promise.all([
      runCapkit(['solve', ...RECAPTCHA, '--callback-listen', 'http', '--json'], env),
      runCapkit(['solve', ...RECAPTCHA, '--callback-listen', '70000', '--json'], env),
      runCapkit(
        ['solve', ...RECAPTCHA, '--callback-listen', '0', '--callback-public-url', 'me.example', '--json'],
        env,
      ),
      runCapkit(['solve', ...RECAPTCHA, '--callback-public-url', 'https://me.example/cb', '--json'], env),
    ]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2]);
    const fields = runs.map((run) => (JSON.parse(run.stdout) as { error: { field?: string } }).error.field);
    expect(fields).toEqual(['callbackListen', 'callbackListen', 'callbackPublicUrl', 'callbackListen']);
    expect(server.stats().createTaskCalls).toBe(0);
  });
});
