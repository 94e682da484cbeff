import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './support/runInProcess.js';

// No key and no base URL: every case here must be refused before a client (or a request) exists.
// A task that passes every check then fails with CAPKIT_NO_API_KEY (exit 4), which proves it passed.
const RECAPTCHA = ['solve', '--type', 'ReCaptchaV2TaskProxyLess', '--param', 'websiteKey=6Le-key'];
const URL_PARAM = ['--param', 'websiteURL=https://example.com/login'];

interface ErrorDocument {
  ok: false;
  error: { code: string; category: string; message: string; field?: string; exitCode: number };
}

async function refusal(args: readonly string[], env: Record<string, string> = {}) {
  const [human, json] = await Promise.all([runInProcess(args, env), runInProcess([...args, '--json'], env)]);
  const document = JSON.parse(json.stdout) as ErrorDocument;
  return { human, json, error: document.error };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capkit-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('capkit solve refuses bad input before any request', () => {
  it('an unknown --param name, suggesting the documented one', async () => {
    const { human, json, error } = await refusal([...RECAPTCHA, '--param', 'websiteUrl=https://example.com']);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/ReCaptchaV2TaskProxyLess has no parameter websiteUrl \(did you mean websiteURL\?\)/);
    expect(human.stderr).toMatch(/Its parameters: websiteURL, websiteKey/);
    expect(json.code).toBe(2);
    expect(error).toMatchObject({ code: 'CAPKIT_UNKNOWN_PARAM', field: 'websiteUrl', category: 'usage' });
  });

  it('an unknown name with no close match gets no suggestion; --allow-unknown sends it', async () => {
    const { human } = await refusal([...RECAPTCHA, ...URL_PARAM, '--param', 'zzzzzzzzzzzz=1']);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/has no parameter zzzzzzzzzzzz\. Its parameters/);
    const allowed = await runInProcess([...RECAPTCHA, ...URL_PARAM, '--param', 'zzzzzzzzzzzz=1', '--allow-unknown']);
    expect(allowed.stderr).toMatch(/CAPKIT_NO_API_KEY/);
    expect(allowed.code).toBe(4);
  });

  it('accepts every documented field, the proxy fields of a proxy task included', async () => {
    const run = await runInProcess([
      'solve',
      '--type',
      'ReCaptchaV2EnterpriseTask',
      ...URL_PARAM,
      '--param',
      'websiteKey=k',
      '--param',
      'enterprisePayload={"s":"x"}',
      '--param',
      'proxyType=http',
      '--param',
      'proxyAddress=192.0.2.1',
      '--param',
      'proxyPort=8080',
    ]);
    expect(run.stderr).toMatch(/CAPKIT_NO_API_KEY/);
  });

  it('a websiteURL that is no http(s) URL', async () => {
    for (const value of ['not-a-url', 'ftp://example.com/', 'example.com/login']) {
      const { human, error } = await refusal([...RECAPTCHA, '--param', `websiteURL=${value}`]);
      expect(human.code, value).toBe(2);
      expect(human.stderr).toMatch(/websiteURL must be an absolute http\(s\) URL/);
      expect(error).toMatchObject({ code: 'ERROR_INVALID_TASK_DATA', field: 'websiteURL' });
    }
  });

  it('a malformed JSON object or array value', async () => {
    for (const value of ['{"s":', '{s: 1}', '[1,']) {
      const { human, error } = await refusal([...RECAPTCHA, ...URL_PARAM, '--param', `enterprisePayload=${value}`]);
      expect(human.code, value).toBe(2);
      expect(human.stderr).toMatch(/--param enterprisePayload: the value looks like JSON but does not parse/);
      expect(error).toMatchObject({ code: 'CAPKIT_INVALID_JSON', field: 'enterprisePayload' });
    }
  });

  it('a clientKey in a task file (a task or a whole createTask body), never quoting it', async () => {
    const key = 'CAP-0123456789ABCDEF0123456789ABCDEF';
    const task = { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com', websiteKey: '0x4AAAA' };
    const bodyFile = join(dir, 'body.json');
    const taskFile = join(dir, 'task.json');
    await writeFile(bodyFile, JSON.stringify({ clientKey: key, task }));
    await writeFile(taskFile, JSON.stringify({ ...task, clientKey: key }));
    for (const file of [bodyFile, taskFile]) {
      const { human, json, error } = await refusal(['solve', '--task', file]);
      expect(human.code).toBe(2);
      expect(human.stderr).toMatch(/holds a clientKey\. The key belongs in CAPSOLVER_API_KEY/);
      expect(error).toMatchObject({ code: 'CAPKIT_KEY_IN_TASK', field: 'clientKey' });
      expect(human.stderr + json.stdout).not.toContain(key);
    }
    const param = await runInProcess([...RECAPTCHA, ...URL_PARAM, '--param', `clientKey=${key}`]);
    expect(param.code).toBe(2);
    expect(param.stderr).toMatch(/CAPKIT_KEY_IN_TASK/);
    expect(param.stderr).not.toContain(key);
  });

  it('a mistyped task type, suggesting the closest one', async () => {
    for (const [typo, meant] of [
      ['ReCaptchaV2TaskProxyless', 'ReCaptchaV2TaskProxyLess'],
      ['AntiTurnstileTask', 'AntiTurnstileTaskProxyLess'],
      ['ImageToText', 'ImageToTextTask'],
    ]) {
      const { human, error } = await refusal(['solve', '--type', String(typo), ...URL_PARAM]);
      expect(human.code).toBe(2);
      expect(human.stderr).toContain(`(did you mean ${meant}?)`);
      expect(error).toMatchObject({ code: 'ERROR_TASK_NOT_SUPPORTED', field: 'type' });
    }
  });
});

describe('usage errors carry the CLI own codes in --json', () => {
  it.each([
    [['solve', '--colour'], 'CAPKIT_UNKNOWN_OPTION'],
    [['balance', '--timeout', '0'], 'CAPKIT_INVALID_ARGUMENT'],
    [['--timeout', 'soon', 'balance'], 'CAPKIT_INVALID_ARGUMENT'],
    [['sovle'], 'CAPKIT_UNKNOWN_COMMAND'],
    [['result'], 'CAPKIT_MISSING_ARGUMENT'],
    [['solve', '--type'], 'CAPKIT_MISSING_ARGUMENT'],
    [['balance', 'extra'], 'CAPKIT_EXCESS_ARGUMENTS'],
  ])('capkit %j → %s, never commander.*', async (args, code) => {
    const run = await runInProcess([...args, '--json']);
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout) as ErrorDocument;
    expect(document.error.code).toBe(code);
    expect(run.stdout).not.toContain('commander.');
  });
});

describe('CAPKIT_LOG', () => {
  it('refuses a value that is no level', async () => {
    const run = await runInProcess(['balance'], { CAPKIT_LOG: 'loud', CAPSOLVER_API_KEY: 'CAP-X' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CAPKIT_LOG="loud" is not a log level; use one of debug, info, warn, error, silent/);
  });
});
