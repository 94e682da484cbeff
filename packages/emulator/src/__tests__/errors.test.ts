import { ERROR_CODES } from '@capkit/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../index.js';
import { KEY, apiFor, call } from './helpers/api.js';
import { exampleTask, recaptchaTask, turnstileTask } from './helpers/tasks.js';

describe('error paths', () => {
  let emulator: Emulator;
  let api: ReturnType<typeof apiFor>;

  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 0.001, seed: 2, maxBodyBytes: 64 * 1024 });
    api = apiFor(emulator.url);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  afterAll(() => {
    // Whatever the tests threw at it, the emulator never failed in itself.
    expect(emulator.stats().internalErrors).toEqual([]);
  });

  it.each(['not json', '', '[1,2]', 'null', '{"clientKey":'])(
    'answers ERROR_BAD_REQUEST (400) to the body %j',
    async (body) => {
      const { status, json } = await call(emulator.url, 'createTask', body);
      expect(status).toBe(ERROR_CODES.ERROR_BAD_REQUEST.httpStatus);
      expect(json).toMatchObject({ errorId: 1, errorCode: 'ERROR_BAD_REQUEST' });
    },
  );

  it.each([
    ['a missing key', {}],
    ['an empty key', { clientKey: '' }],
    ['an unknown key', { clientKey: 'CAP-SECRET-WRONG-KEY-123' }],
    ['a key of the wrong type', { clientKey: 12345 }],
  ])('answers ERROR_KEY_DENIED_ACCESS with HTTP 401 to %s, without echoing it', async (_label, envelope) => {
    for (const method of ['createTask', 'getTaskResult', 'getBalance', 'getToken', 'feedbackTask'] as const) {
      const { status, json, text } = await call(emulator.url, method, {
        ...envelope,
        task: turnstileTask(),
        taskId: 'x',
      });
      expect(status).toBe(401);
      expect(json).toMatchObject({ errorId: 1, errorCode: 'ERROR_KEY_DENIED_ACCESS' });
      expect(text).not.toContain('CAP-SECRET-WRONG-KEY-123');
    }
    expect(emulator.stats().tasksCreated).toBe(0);
  });

  it('answers ERROR_TASK_NOT_SUPPORTED to an unknown task type', async () => {
    const { status, json } = await api.createTask({ type: 'HCaptchaTaskProxyLess', websiteURL: 'https://example.com' });
    expect(status).toBe(400);
    expect(json).toMatchObject({
      errorCode: 'ERROR_TASK_NOT_SUPPORTED',
      errorDescription: expect.stringContaining('HCaptchaTaskProxyLess'),
    });
  });

  it('answers ERROR_INVALID_TASK_DATA naming a missing field', async () => {
    const { websiteKey: _dropped, ...task } = turnstileTask();
    const { json } = await api.createTask(task);
    expect(json).toEqual({
      errorId: 1,
      errorCode: 'ERROR_INVALID_TASK_DATA',
      errorDescription: 'task.websiteKey is required',
    });
  });

  it('answers ERROR_INVALID_TASK_DATA naming a field of the wrong type', async () => {
    const { json } = await api.createTask(turnstileTask({ websiteURL: 42 }));
    expect(json).toMatchObject({
      errorCode: 'ERROR_INVALID_TASK_DATA',
      errorDescription: 'task.websiteURL must be string',
    });
  });

  it('answers ERROR_INVALID_TASK_DATA to a missing task', async () => {
    const { json } = await call(emulator.url, 'createTask', { clientKey: KEY });
    expect(json).toMatchObject({ errorCode: 'ERROR_INVALID_TASK_DATA', errorDescription: 'task is required' });
  });

  it('refuses getToken for a type the spec does not mark getToken-capable', async () => {
    const { json } = await api.getToken(turnstileTask());
    expect(json).toMatchObject({
      errorCode: 'ERROR_TASK_NOT_SUPPORTED',
      errorDescription: expect.stringContaining('getToken'),
    });
  });

  it('answers ERROR_TASKID_INVALID to an unknown or missing task id', async () => {
    expect((await api.getTaskResult('no-such-task')).json).toMatchObject({ errorCode: 'ERROR_TASKID_INVALID' });
    expect((await call(emulator.url, 'getTaskResult', { clientKey: KEY })).json).toMatchObject({
      errorCode: 'ERROR_TASKID_INVALID',
      errorDescription: 'taskId is required',
    });
    expect((await api.feedbackTask('no-such-task')).json).toMatchObject({ errorCode: 'ERROR_TASKID_INVALID' });
    expect(emulator.stats().queriesUnknownTask).toBe(1);
  });

  it('answers ERROR_BAD_REQUEST naming the field of a malformed feedback', async () => {
    const { json } = await call(emulator.url, 'feedbackTask', {
      clientKey: KEY,
      taskId: 'x',
      result: { invalid: 'yes' },
    });
    expect(json).toMatchObject({ errorCode: 'ERROR_BAD_REQUEST', errorDescription: 'result.invalid must be boolean' });
  });

  it('answers ERROR_ZERO_BALANCE once the balance cannot pay for a task, and creates nothing', async () => {
    emulator.control.setBalance(0.0015);
    expect((await api.createTask(turnstileTask())).json?.errorId).toBe(0);
    const refused = await api.createTask(turnstileTask());
    expect(refused.json).toMatchObject({ errorId: 1, errorCode: 'ERROR_ZERO_BALANCE' });
    expect((await api.getToken(recaptchaTask())).json).toMatchObject({ errorCode: 'ERROR_ZERO_BALANCE' });
    expect(emulator.stats()).toMatchObject({ tasksCreated: 1, createTaskCalls: 2, balance: 0.0005 });
  });

  it('answers ERROR_BAD_REQUEST to a body over the size limit, without buffering it', async () => {
    const huge = JSON.stringify({ clientKey: KEY, task: exampleTask('ImageToTextTask'), pad: 'x'.repeat(200_000) });
    const { status, json } = await call(emulator.url, 'createTask', huge);
    expect(status).toBe(400);
    expect(json).toMatchObject({ errorCode: 'ERROR_BAD_REQUEST', errorDescription: expect.stringContaining('65536') });
  });

  it('answers 404 to an unknown path and 405 to a GET, as JSON error envelopes', async () => {
    const missing = await fetch(`${emulator.url}/getSpendingRecord`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_BAD_REQUEST' });
    const wrongVerb = await fetch(`${emulator.url}/getBalance`);
    expect(wrongVerb.status).toBe(405);
  });

  it('counts error answers by code in stats', async () => {
    await api.getTaskResult('nope');
    await call(emulator.url, 'getBalance', { clientKey: 'wrong' });
    expect(emulator.stats().errorsByCode).toEqual({ ERROR_TASKID_INVALID: 1, ERROR_KEY_DENIED_ACCESS: 1 });
  });
});
