import { afterEach, describe, expect, it } from 'vitest';
import { fixed, startEmulator, type Emulator, type EmulatorOptions } from '../index.js';
import { apiFor, call, pollUntilSettled } from './helpers/api.js';
import { turnstileTask } from './helpers/tasks.js';

describe('the accept… switches, the lenient shorthand and task id formats', () => {
  let emulator: Emulator;
  const start = async (options: EmulatorOptions) => {
    emulator = await startEmulator({ seed: 5, timeScale: 0.01, solveTime: fixed(2_000), ...options });
  };
  afterEach(() => emulator.close());

  it('acceptUnknownTaskTypes serves an unknown type as an async token task with a generic solution', async () => {
    await start({ acceptUnknownTaskTypes: true });
    const api = apiFor(emulator.url);
    const created = await api.createTask({ type: 'NoCaptchaTask', websiteURL: 'https://example.com', websiteKey: 'k' });
    expect(created.json).toMatchObject({ errorId: 0, taskId: expect.any(String), status: 'processing' });
    const result = await pollUntilSettled(emulator.url, created.json?.taskId);
    expect(result.json?.solution).toEqual({
      gRecaptchaResponse: expect.any(String),
      token: expect.any(String),
      text: expect.any(String),
      userAgent: expect.any(String),
    });
  });

  it('acceptUnknownTaskTypes still validates known types and the envelope', async () => {
    await start({ acceptUnknownTaskTypes: true });
    const api = apiFor(emulator.url);
    const { websiteKey: _dropped, ...incomplete } = turnstileTask();
    expect((await api.createTask(incomplete)).json).toMatchObject({
      errorCode: 'ERROR_INVALID_TASK_DATA',
      errorDescription: 'task.websiteKey is required',
    });
    const mistyped = await api.createTask({ type: 'NoCaptchaTask' }, { appId: 42 });
    expect(mistyped.json).toMatchObject({
      errorCode: 'ERROR_INVALID_TASK_DATA',
      errorDescription: 'appId must be string,null',
    });
    // Alone, it changes nothing else: other vendors' key spellings are still refused.
    expect((await call(emulator.url, 'getBalance', { client_key: 'CAP-EMULATOR-KEY' })).status).toBe(401);
  });

  it.each(['client_key', 'apiKey', 'api_key', 'key'])('acceptKeyAliases reads the key spelled %s', async (field) => {
    await start({ acceptKeyAliases: true });
    expect((await call(emulator.url, 'getBalance', { [field]: 'CAP-EMULATOR-KEY' })).json?.errorId).toBe(0);
    expect((await call(emulator.url, 'getBalance', { [field]: 'wrong' })).status).toBe(401);
    // Alone, it changes nothing else: unknown types are still refused.
    const unknown = await apiFor(emulator.url).createTask({ type: 'NoCaptchaTask' });
    expect(unknown.json?.errorCode).toBe('ERROR_TASK_NOT_SUPPORTED');
  });

  it('acceptInvalidEnvelope ignores mistyped envelope fields but still validates the task', async () => {
    await start({ acceptInvalidEnvelope: true });
    const api = apiFor(emulator.url);
    expect((await api.createTask(turnstileTask(), { appId: 42, callbackUrl: 7 })).json?.errorId).toBe(0);
    expect((await api.createTask({ type: 'NoCaptchaTask' })).json?.errorCode).toBe('ERROR_TASK_NOT_SUPPORTED');
    expect((await call(emulator.url, 'getTaskResult', { clientKey: 'CAP-EMULATOR-KEY' })).json?.errorCode).toBe(
      'ERROR_TASKID_INVALID',
    );
  });

  it("acceptMissingKey lets a request without any key through with apiKeys '*'", async () => {
    await start({ acceptMissingKey: true, apiKeys: '*' });
    expect((await call(emulator.url, 'getBalance', {})).json?.errorId).toBe(0);
    const created = await call(emulator.url, 'createTask', { task: turnstileTask() });
    // @captcha-libs polls without clientKey.
    expect((await call(emulator.url, 'getTaskResult', { taskId: created.json?.taskId })).json?.errorId).toBe(0);
    expect((await call(emulator.url, 'getBalance', { clientKey: '' })).status).toBe(401);
  });

  it("accepts any non-empty key with apiKeys '*', but not a missing one", async () => {
    await start({ apiKeys: '*' });
    expect((await call(emulator.url, 'getBalance', { clientKey: 'anything' })).json?.errorId).toBe(0);
    expect((await call(emulator.url, 'getBalance', {})).status).toBe(401);
  });

  it('issues numeric task ids (as digit strings) and, with acceptNumericTaskIds, takes them back as numbers', async () => {
    await start({ acceptNumericTaskIds: true, taskIdFormat: 'numeric' });
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

  it('refuses unknown types, other key spellings and numeric ids by default', async () => {
    await start({ taskIdFormat: 'numeric' });
    const api = apiFor(emulator.url);
    expect((await api.createTask({ type: 'HCaptchaTaskProxyless' })).json?.errorCode).toBe('ERROR_TASK_NOT_SUPPORTED');
    expect((await call(emulator.url, 'getBalance', { api_key: 'CAP-EMULATOR-KEY' })).status).toBe(401);
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    const { json } = await call(emulator.url, 'getTaskResult', { clientKey: 'CAP-EMULATOR-KEY', taskId: Number(id) });
    expect(json?.errorCode).toBe('ERROR_TASKID_INVALID');
  });

  it('lenient (deprecated) turns every accept… switch on, and each can still be turned off', async () => {
    await start({ lenient: true, apiKeys: '*' });
    expect(emulator.stats().seed).toBe(5);
    const api = apiFor(emulator.url);
    expect((await api.createTask({ type: 'NoCaptchaTask' }, { appId: 42 })).json?.errorId).toBe(0);
    expect((await call(emulator.url, 'getBalance', {})).json?.errorId).toBe(0);
    await emulator.close();
    await start({ lenient: true, acceptUnknownTaskTypes: false });
    expect((await apiFor(emulator.url).createTask({ type: 'NoCaptchaTask' })).json?.errorCode).toBe(
      'ERROR_TASK_NOT_SUPPORTED',
    );
    expect((await call(emulator.url, 'getBalance', { key: 'CAP-EMULATOR-KEY' })).json?.errorId).toBe(0);
  });
});
