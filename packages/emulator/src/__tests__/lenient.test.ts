import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../index.js';
import { apiFor, call, pollUntilSettled } from './helpers/api.js';
import { turnstileTask } from './helpers/tasks.js';

describe('lenient mode and task id formats', () => {
  let emulator: Emulator;
  const start = async (options: EmulatorOptions) => {
    emulator = await startEmulator({ seed: 5, timeScale: 0.001, ...options });
  };
  afterEach(() => emulator.close());

  it('accepts an unknown task type as an async token task with a generic solution', async () => {
    await start({ lenient: true });
    const api = apiFor(emulator.url);
    const created = await api.createTask({
      type: 'HCaptchaTaskProxyless',
      websiteURL: 'https://example.com',
      websiteKey: 'k',
    });
    expect(created.json).toMatchObject({ errorId: 0, taskId: expect.any(String) });
    const result = await pollUntilSettled(emulator.url, created.json?.taskId);
    expect(result.json?.solution).toEqual({
      gRecaptchaResponse: expect.any(String),
      token: expect.any(String),
      text: expect.any(String),
      userAgent: expect.any(String),
    });
  });

  it('still validates known types, matched case-insensitively', async () => {
    await start({ lenient: true });
    const api = apiFor(emulator.url);
    const created = await api.createTask({ ...turnstileTask(), type: 'antiturnstiletaskproxyless' });
    expect(created.json?.errorId).toBe(0);
    expect(emulator.stats().tasks[0]?.type).toBe('AntiTurnstileTaskProxyLess');
    const { websiteKey: _dropped, ...incomplete } = turnstileTask();
    expect((await api.createTask(incomplete)).json).toMatchObject({
      errorCode: 'ERROR_INVALID_TASK_DATA',
      errorDescription: 'task.websiteKey is required',
    });
  });

  it.each(['ClientKey', 'client_key', 'apiKey', 'api_key', 'key'])('accepts the key spelled %s', async (field) => {
    await start({ lenient: true });
    const { json } = await call(emulator.url, 'getBalance', { [field]: 'CAP-EMULATOR-KEY' });
    expect(json?.errorId).toBe(0);
  });

  it('still refuses a wrong key', async () => {
    await start({ lenient: true });
    expect((await call(emulator.url, 'getBalance', { key: 'wrong' })).status).toBe(401);
  });

  it("accepts any key, or none, with apiKeys '*' in lenient mode", async () => {
    await start({ lenient: true, apiKeys: '*' });
    expect((await call(emulator.url, 'getBalance', {})).json?.errorId).toBe(0);
    const created = await call(emulator.url, 'createTask', { task: turnstileTask() });
    // @captcha-libs polls without clientKey; lenient '*' lets it.
    expect((await call(emulator.url, 'getTaskResult', { taskId: created.json?.taskId })).json?.errorId).toBe(0);
  });

  it("accepts any non-empty key with apiKeys '*' in strict mode, but not a missing one", async () => {
    await start({ apiKeys: '*' });
    expect((await call(emulator.url, 'getBalance', { clientKey: 'anything' })).json?.errorId).toBe(0);
    expect((await call(emulator.url, 'getBalance', {})).status).toBe(401);
  });

  it('issues numeric task ids (as digit strings) and accepts them back as numbers in lenient mode', async () => {
    await start({ lenient: true, taskIdFormat: 'numeric' });
    const api = apiFor(emulator.url);
    const first = (await api.createTask(turnstileTask())).json?.taskId as string;
    const second = (await api.createTask(turnstileTask())).json?.taskId as string;
    expect(first).toMatch(/^\d{9}$/);
    expect(Number(second)).toBe(Number(first) + 1);
    const { json } = await call(emulator.url, 'getTaskResult', {
      clientKey: 'CAP-EMULATOR-KEY',
      taskId: Number(first),
    });
    expect(json?.errorId).toBe(0);
  });

  it('refuses unknown types and numeric ids in strict mode', async () => {
    await start({ taskIdFormat: 'numeric' });
    const api = apiFor(emulator.url);
    expect((await api.createTask({ type: 'HCaptchaTaskProxyless' })).json?.errorCode).toBe('ERROR_TASK_NOT_SUPPORTED');
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    const { json } = await call(emulator.url, 'getTaskResult', { clientKey: 'CAP-EMULATOR-KEY', taskId: Number(id) });
    expect(json?.errorCode).toBe('ERROR_TASKID_INVALID');
  });
});
