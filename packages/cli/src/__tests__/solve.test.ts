import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorEnv, runCapkit, startCapkit, totalRequests } from './support/runCapkit.js';
import { runInProcess } from './support/runInProcess.js';

const emulators: Emulator[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Each test gets its own emulator, so request counts are its own and tests can run concurrently. */
async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const started = await startEmulator({ seed: 1, timeScale: 0.01, ...options });
  emulators.push(started);
  return started;
}

const RECAPTCHA = [
  '--type',
  'ReCaptchaV2TaskProxyLess',
  '--param',
  'websiteURL=https://example.com/login',
  '--param',
  'websiteKey=site-key',
];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe.concurrent('capkit solve (child process against the emulator)', () => {
  it('exits 0 and prints one parseable JSON document with --json', async () => {
    const server = await emulator();
    const run = await runCapkit(
      ['solve', ...RECAPTCHA, '--param', 'isInvisible=true', '--json'],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' }),
    );
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(document).toMatchObject({
      ok: true,
      type: 'ReCaptchaV2TaskProxyLess',
      solution: { gRecaptchaResponse: expect.any(String) },
    });
    expect(run.stderr).toBe('');
    const stats = server.stats();
    expect(stats.createTaskCalls).toBe(1);
    expect(stats.queriesByTask[document.taskId as string]).toBe(document.queries);
  });

  it('prints plain progress lines (no escape codes) when stderr is not a TTY, and the solution on stdout', async () => {
    const server = await emulator();
    server.control.forceNext({ statuses: ['idle', 'processing', 'ready'] });
    const run = await runCapkit(['solve', ...RECAPTCHA], emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' }));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ gRecaptchaResponse: expect.any(String) });
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/ReCaptchaV2TaskProxyLess\s+creating\s+queries 0\/120\s+elapsed 0:00 of 5:00/);
    // The lifecycle states, in the task machine's words (createTask answers idle or processing; an idle
    // answer after processing is shown next to the state: the lifecycle never goes back).
    expect(run.stderr).toMatch(/ReCaptchaV2TaskProxyLess\s+(idle|processing\/idle)\s+queries/);
    expect(run.stderr).toMatch(/ReCaptchaV2TaskProxyLess\s+processing\s+queries/);
    expect(lines.at(-1)).toMatch(/✔ ReCaptchaV2TaskProxyLess\s+solved\s+queries 3\/120/);
    expect(run.stderr).not.toMatch(ANSI);
  });

  it('reads the task from --task, parsing JSON params, and honours NO_COLOR', async () => {
    const server = await emulator();
    const dir = await mkdtemp(join(tmpdir(), 'capkit-cli-'));
    dirs.push(dir);
    const file = join(dir, 'task.json');
    await writeFile(
      file,
      JSON.stringify({ task: { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com' } }),
    );
    const run = await runCapkit(
      ['solve', '--task', file, '--param', 'websiteKey=0x4AAAA', '--param', 'metadata={"action":"login"}'],
      emulatorEnv(server.url, { NO_COLOR: '1', CAPKIT_TIME_SCALE: '0.01' }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ token: expect.any(String) });
    expect(run.stderr).not.toMatch(ANSI);
    expect(run.stderr).toMatch(/✔ AntiTurnstileTaskProxyLess\s+solved/);
  });

  it('exits 1 with the error code when the task fails on the service', async () => {
    const server = await emulator();
    const run = await runCapkit(
      [
        'solve',
        '--type',
        'ReCaptchaV2TaskProxyLess',
        '--param',
        'websiteURL=https://emulator.capkit.test/force/unsolvable',
        '--param',
        'websiteKey=k',
        '--json',
      ],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.01' }),
    );
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as { ok: boolean; error: Record<string, unknown> };
    expect(document.ok).toBe(false);
    expect(document.error).toMatchObject({
      code: 'ERROR_CAPTCHA_UNSOLVABLE',
      category: 'unsolvable',
      exitCode: 1,
      taskId: expect.any(String),
    });
    expect(server.stats().createTaskCalls).toBe(1);
  });

  it.each([
    ['an unknown type', ['solve', '--type', 'ReCaptchaV9TaskProxyLess'], 'type', 'ERROR_TASK_NOT_SUPPORTED', false],
    [
      'a missing required parameter',
      ['solve', '--type', 'AntiTurnstileTaskProxyLess', '--param', 'websiteURL=https://example.com'],
      'websiteKey',
      'ERROR_INVALID_TASK_DATA',
      true,
    ],
    [
      'a malformed --param',
      ['solve', '--type', 'AntiTurnstileTaskProxyLess', '--param', 'websiteURL'],
      'websiteURL',
      'CAPKIT_USAGE',
      false,
    ],
    ['no type at all', ['solve', '--param', 'websiteURL=https://example.com'], 'type', 'ERROR_INVALID_TASK_DATA', true],
  ])('exits 2 for %s, naming the field, before any request', async (_case, args, field, code, json) => {
    const server = await emulator();
    const run = await runCapkit(json ? [...args, '--json'] : args, emulatorEnv(server.url));
    expect(run.code).toBe(2);
    if (json) {
      expect(JSON.parse(run.stdout)).toMatchObject({
        ok: false,
        error: { field, code, category: 'usage', exitCode: 2 },
      });
    } else {
      expect(run.stderr).toContain(`[field: ${field}]`);
      expect(run.stderr).toContain(`[${code}]`);
      expect(run.stdout).toBe('');
    }
    expect(totalRequests(server.stats())).toBe(0);
  });

  it('exits 2 for a malformed task.json, naming the file field, before any request', async () => {
    const server = await emulator();
    const dir = await mkdtemp(join(tmpdir(), 'capkit-cli-'));
    dirs.push(dir);
    const file = join(dir, 'task.json');
    await writeFile(file, '{ "type": "ReCaptchaV2TaskProxyLess", ');
    const run = await runCapkit(['solve', '--task', file, '--json'], emulatorEnv(server.url));
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: { field: 'task', message: expect.stringContaining('not valid JSON') },
    });
    expect(totalRequests(server.stats())).toBe(0);
  });

  it('exits 2 for unknown options, also as JSON', async () => {
    const [human, json] = await Promise.all([
      runInProcess(['solve', '--colour']),
      runCapkit(['solve', '--colour', '--json']),
    ]);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/unknown option '--colour'/);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: 'CAPKIT_UNKNOWN_OPTION', category: 'usage' },
    });
  });

  it('exits 3 when the task outlives its lifetime or query budget', async () => {
    const server = await emulator({ timeScale: 0.005 });
    server.control.forceNext({ statuses: ['processing'] });
    const run = await runCapkit(
      ['solve', ...RECAPTCHA, '--json'],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.005' }),
    );
    expect(run.code).toBe(3);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; category: string; taskId: string } };
    expect(['TASK_EXPIRED', 'QUERY_BUDGET_EXHAUSTED']).toContain(error.code);
    expect(error.category).toBe('limits');
    const stats = server.stats();
    expect(stats.queriesByTask[error.taskId]).toBeLessThanOrEqual(120);
    expect(stats.queriesAfterExpiry).toBe(0);
  });

  it('exits 3 when --timeout runs out, and says how to resume the task', async () => {
    // Lifetime 30 s (scale 0.1) and a solve that never comes in time: only --timeout can end this run.
    const server = await emulator({ timeScale: 0.1 });
    server.control.forceNext({ solveTimeMs: 600_000 });
    const run = await runCapkit(
      ['--timeout', '4', 'solve', ...RECAPTCHA],
      emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.1' }),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/--timeout of 4 s ran out/);
    expect(run.stderr).toMatch(/capkit result [\w-]+ --created-at \d+ --queries-used \d+/);
  });

  it('exits 4 without a key or with a refused key; a missing key sends nothing', async () => {
    const server = await emulator();
    const missing = await runCapkit(['solve', ...RECAPTCHA, '--json'], { CAPSOLVER_BASE_URL: server.url });
    expect(missing.code).toBe(4);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'CAPKIT_NO_API_KEY', category: 'auth' } });
    expect(totalRequests(server.stats())).toBe(0);
    const refused = await runInProcess(['balance', '--json'], {
      CAPSOLVER_API_KEY: 'CAP-NOT-A-REAL-KEY-123',
      CAPSOLVER_BASE_URL: server.url,
    });
    expect(refused.code).toBe(4);
    expect(refused.stdout).not.toContain('CAP-NOT-A-REAL-KEY-123');
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'ERROR_KEY_DENIED_ACCESS', category: 'auth' } });
  });

  it('exits 5 when the API cannot be reached', async () => {
    const server = await emulator();
    const url = server.url;
    await server.close();
    const run = await runCapkit(['balance', '--json'], emulatorEnv(url));
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { category: 'transport' } });
  });

  it('refuses CAPKIT_TIME_SCALE against a non-loopback API (exit 2, nothing sent)', async () => {
    const run = await runInProcess(['balance'], {
      CAPSOLVER_API_KEY: 'CAP-X',
      CAPSOLVER_BASE_URL: 'https://api.capsolver.com',
      CAPKIT_TIME_SCALE: '0.1',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CAPKIT_TIME_SCALE only applies to a local emulator/);
  });

  it('on Ctrl-C exits 130 with a resume command that `capkit result` completes without a second createTask', async () => {
    const server = await emulator({ timeScale: 0.05 });
    server.control.forceNext({ solveTimeMs: 40_000 });
    const env = emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.05' });
    const running = startCapkit(['solve', ...RECAPTCHA], env);
    await running.waitFor(/\s(idle|processing)\s+queries/);
    running.child.kill('SIGINT');
    const interrupted = await running.done;
    expect(interrupted.code).toBe(130);
    const command = /capkit (result [\w-]+ --created-at \d+ --queries-used \d+)/.exec(interrupted.stderr)?.[1];
    expect(command).toBeDefined();
    const resumed = await runCapkit([...(command as string).split(' '), '--json'], env);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      ok: true,
      solution: { gRecaptchaResponse: expect.any(String) },
    });
    expect(server.stats().createTaskCalls).toBe(1);
  });
});
