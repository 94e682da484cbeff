import { PassThrough } from 'node:stream';
import { createRedactor } from '@capkit/core';
import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { collectApiKeys } from '../collectApiKeys.js';
import { createOutput } from '../createOutput.js';
import { createProgressRenderer } from '../createProgressRenderer.js';
import { runCapkit, totalRequests } from './support/runCapkit.js';
import { runInProcess } from './support/runInProcess.js';

const KEY = 'CAP-CLI-SECRET-5f0e1d2c3b4a-NEVER-PRINT';
/** The key's distinctive middle: output that cut the key short would still show it. */
const CORE = '5f0e1d2c3b4a';

function leaks(text: string): boolean {
  return text.includes(KEY) || text.includes(CORE);
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

const emulators: Emulator[] = [];
afterAll(() => Promise.all(emulators.map((emulator) => emulator.close())));

/** An emulator of one test's own, accepting {@link KEY}, so its request count is that test's alone. */
async function startOwnEmulator(): Promise<Emulator> {
  const emulator = await startEmulator({ seed: 5, timeScale: 0.01, apiKeys: [KEY] });
  emulators.push(emulator);
  return emulator;
}

const envFor = (url: string, extra: Record<string, string> = {}) => ({
  CAPSOLVER_API_KEY: KEY,
  CAPSOLVER_BASE_URL: url,
  ...extra,
});

describe.concurrent('the key where a task id or the base URL goes is refused', () => {
  it.each([
    ['result, key in CAPSOLVER_API_KEY', ['result', KEY], envFor],
    ['feedback, key in CAPSOLVER_API_KEY', ['feedback', KEY, '--invalid'], envFor],
    [
      'result, key given with --api-key',
      ['--api-key', KEY, 'result', KEY],
      (url: string) => ({ CAPSOLVER_BASE_URL: url }),
    ],
    ['result, the id holding the key', ['result', `task-${KEY}`], envFor],
  ])('%s: exit 2 naming the field, nothing sent, the key never printed', async (_name, args, envOf) => {
    const emulator = await startOwnEmulator();
    const [plain, json] = await Promise.all([
      runInProcess(args, envOf(emulator.url)),
      runInProcess(['--json', ...args], envOf(emulator.url)),
    ]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/API key was passed as the task id.*\[field: taskId\]/);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { exitCode: 2, code: 'CAPKIT_KEY_MISPLACED', category: 'usage', field: 'taskId' },
    });
    for (const text of [plain.stdout, plain.stderr, json.stdout, json.stderr]) expect(leaks(text), text).toBe(false);
    expect(totalRequests(emulator.stats())).toBe(0);
  });

  it('a base URL holding the key (the two variables swapped, or the key in a query) is refused unquoted', async () => {
    const emulator = await startOwnEmulator();
    const env = (extra: Record<string, string>) => envFor(emulator.url, extra);
    const runs = await Promise.all([
      runInProcess(['balance'], env({ CAPSOLVER_BASE_URL: KEY })),
      runInProcess(['--json', 'balance'], env({ CAPSOLVER_BASE_URL: `${emulator.url}/?clientKey=${KEY}` })),
      runInProcess(['--api-key', KEY, '--base-url', `https://${KEY}.example.com`, 'balance']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(leaks(run.stdout + run.stderr), run.stdout + run.stderr).toBe(false);
    }
    expect(totalRequests(emulator.stats())).toBe(0);
    expect(runs[0]?.stderr).toMatch(/passed as the base URL.*swapped\?.*\[field: baseUrl\]/);
    expect(JSON.parse(runs[1]?.stdout ?? '')).toMatchObject({
      error: { code: 'CAPKIT_KEY_MISPLACED', field: 'baseUrl' },
    });
  });

  it('a real swap (the URL in CAPSOLVER_API_KEY, the key in CAPSOLVER_BASE_URL) is refused without quoting the base URL', async () => {
    const run = await runInProcess(['balance'], {
      CAPSOLVER_API_KEY: 'https://api.capsolver.com',
      CAPSOLVER_BASE_URL: KEY,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/base URL .* is not a URL.*\[field: baseUrl\]/);
    expect(leaks(run.stdout + run.stderr), run.stderr).toBe(false);
  });

  it('the same run in a real process (the bin) prints nothing of the key either', async () => {
    const emulator = await startOwnEmulator();
    const run = await runCapkit(['result', KEY], envFor(emulator.url));
    expect(run.code).toBe(2);
    expect(leaks(run.stdout + run.stderr), run.stderr).toBe(false);
  });
});

describe.concurrent('what the CLI prints passes through the redactor', () => {
  it("an option value that echoes the key, and commander's own errors, are redacted", async () => {
    const env = { CAPSOLVER_API_KEY: KEY, CAPSOLVER_BASE_URL: 'http://127.0.0.1:1' };
    const [createdAt, unknownCommand, unknownJson] = await Promise.all([
      runInProcess(['result', '00000000-0000-4000-8000-000000000000', '--created-at', KEY], env),
      runInProcess([KEY], env),
      runInProcess(['--json', '--api-key', KEY, `--${KEY}`]),
    ]);
    expect(createdAt.code).toBe(2);
    expect(createdAt.stderr).toMatch(/--created-at "\[REDACTED\]" is neither/);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/unknown command '\[REDACTED\]'/);
    expect(unknownJson.code).toBe(2);
    expect(JSON.parse(unknownJson.stdout)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('[REDACTED]') },
    });
    for (const run of [createdAt, unknownCommand, unknownJson])
      expect(leaks(run.stdout + run.stderr), run.stdout + run.stderr).toBe(false);
  });

  it('error lines, the --json error document and the resume hint are redacted; results are not', () => {
    const redactor = createRedactor([KEY]);
    const report = {
      exitCode: 130,
      code: 'ABORTED',
      category: 'aborted',
      message: `stopped while following ${KEY}`,
      taskId: KEY,
      resume: {
        taskId: KEY,
        createdAt: 1,
        queriesUsed: 2,
        command: `capkit result ${KEY} --created-at 1 --queries-used 2`,
      },
    } as const;
    const io = () => ({ stdout: capture(), stderr: capture() });
    const [text, json] = [io(), io()];
    createOutput(
      { stdout: text.stdout.stream, stderr: text.stderr.stream, env: {} },
      { json: false, color: false, redactor },
    ).error(report);
    const output = createOutput(
      { stdout: json.stdout.stream, stderr: json.stderr.stream, env: {} },
      { json: true, color: false, redactor },
    );
    output.error(report);
    expect(text.stderr.text()).toBe(
      // The message names the (redacted) task already, so it is not repeated.
      'capkit: error: stopped while following [REDACTED] [ABORTED]\n' +
        'The task may still be solving; continue it with:\n  capkit result [REDACTED] --created-at 1 --queries-used 2\n',
    );
    expect(JSON.parse(json.stdout.text())).toMatchObject({
      error: {
        taskId: '[REDACTED]',
        resume: { taskId: '[REDACTED]', command: expect.stringMatching(/^capkit result \[REDACTED\] /) },
      },
    });
    // A message that does not name the task gets it appended, once.
    const other = io();
    createOutput(
      { stdout: other.stdout.stream, stderr: other.stderr.stream, env: {} },
      { json: false, color: false, redactor },
    ).error({
      ...report,
      message: 'stopped',
      taskId: 'task-42',
      resume: undefined,
    });
    expect(other.stderr.text()).toBe('capkit: error: stopped (task task-42) [ABORTED]\n');
    // A result is the user's data: the emulator prints its public test key under `apiKey`, unaltered.
    output.result({ apiKey: 'CAP-EMULATOR-KEY' }, '');
    expect(json.stdout.text()).toContain('"apiKey":"CAP-EMULATOR-KEY"');
  });

  it('progress lines (label, status, outcome) are redacted in plain and live mode', async () => {
    const redactor = createRedactor([KEY]);
    for (const mode of ['plain', 'live'] as const) {
      const { stream, text } = capture();
      const tty = Object.assign(stream, { isTTY: true, columns: 120, rows: 40 });
      const renderer = await createProgressRenderer({
        stream: tty,
        mode,
        color: false,
        redact: (line) => redactor.string(line),
      });
      renderer.start('t', KEY);
      renderer.update('t', { state: 'processing', status: `odd-${KEY}`, queries: 1, maxQueries: 120, elapsedMs: 0 });
      renderer.finish('t', { ok: false, text: `ERROR_${KEY}` });
      renderer.stop();
      expect(text()).toContain('[REDACTED]');
      expect(leaks(text()), text()).toBe(false);
    }
  });
});

describe('collectApiKeys', () => {
  it('finds CAPSOLVER_API_KEY (also trimmed) and every --api-key value, in both spellings, wherever they are', () => {
    expect(collectApiKeys(['result', 'x', '--api-key', 'K1', '--api-key=K2'], { CAPSOLVER_API_KEY: ' K0\n' })).toEqual([
      ' K0\n',
      'K0',
      'K1',
      'K2',
    ]);
    expect(collectApiKeys(['balance', '--api-key'], { CAPSOLVER_API_KEY: '   ' })).toEqual([]);
  });
});
