import { TASK_TYPES } from '@capkit/api';
import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '../index.js';
import { ALL_TYPES, exampleTask, turnstileTask } from './helpers/tasks.js';

const { validateTask, validateRequest, validateResponse } = createSpecValidator();

describe('createSpecValidator().validateTask', () => {
  it.each(ALL_TYPES)('accepts the spec example of %s', (type) => {
    expect(validateTask(exampleTask(type))).toEqual({ ok: true });
  });

  it('refuses an unknown type with ERROR_TASK_NOT_SUPPORTED on field "type"', () => {
    expect(validateTask({ type: 'FunCaptchaTaskProxyLess', websiteURL: 'https://example.com' })).toEqual({
      ok: false,
      code: 'ERROR_TASK_NOT_SUPPORTED',
      field: 'type',
      message: 'task type FunCaptchaTaskProxyLess is not supported',
    });
  });

  it('names a missing required field', () => {
    const { websiteKey: _dropped, ...task } = turnstileTask();
    expect(validateTask(task)).toEqual({
      ok: false,
      code: 'ERROR_INVALID_TASK_DATA',
      field: 'websiteKey',
      message: 'websiteKey is required',
    });
  });

  it('names a field of the wrong type, with its path', () => {
    const result = validateTask(turnstileTask({ metadata: { action: 42 } }));
    expect(result).toMatchObject({ ok: false, code: 'ERROR_INVALID_TASK_DATA', field: 'metadata.action' });
  });

  it('names array items by index', () => {
    const result = validateTask({ ...exampleTask('AwsWafClassification'), images: [7] });
    expect(result).toMatchObject({ ok: false, field: 'images[0]' });
  });

  it('offers every way to satisfy a union of required fields', () => {
    expect(validateTask({ type: 'ImageToTextTask' })).toMatchObject({
      field: 'body',
      message: 'one of these is required: body | images',
    });
    const { captchaId: _v4, ...geetest } = exampleTask('GeeTestTaskProxyLess');
    expect(validateTask(geetest)).toMatchObject({
      message: 'one of these is required: gt and challenge | captchaId',
    });
  });

  it('requires the caller proxy of non-ProxyLess types', () => {
    const { proxy: _dropped, ...task } = exampleTask('ReCaptchaV2Task');
    expect(validateTask(task)).toMatchObject({ ok: false, code: 'ERROR_INVALID_TASK_DATA', field: 'proxy' });
  });

  it('refuses tasks that are not objects or have no type', () => {
    expect(validateTask('ImageToTextTask')).toMatchObject({
      ok: false,
      code: 'ERROR_INVALID_TASK_DATA',
      field: 'task',
    });
    expect(validateTask({ websiteURL: 'https://example.com' })).toMatchObject({ ok: false, field: 'type' });
  });

  it('accepts for getToken only the types the spec marks getToken-capable', () => {
    for (const type of ALL_TYPES) {
      const result = validateTask(exampleTask(type), { method: 'getToken' });
      if (TASK_TYPES[type].getToken) expect(result).toEqual({ ok: true });
      else expect(result).toMatchObject({ ok: false, code: 'ERROR_TASK_NOT_SUPPORTED', field: 'type' });
    }
  });
});

describe('createSpecValidator().validateRequest', () => {
  it('prefixes task fields with "task."', () => {
    const { websiteURL: _dropped, ...task } = turnstileTask();
    expect(validateRequest('createTask', { clientKey: 'k', task })).toMatchObject({
      ok: false,
      code: 'ERROR_INVALID_TASK_DATA',
      field: 'task.websiteURL',
    });
  });

  it('maps a missing taskId to ERROR_TASKID_INVALID and other fields to ERROR_BAD_REQUEST', () => {
    expect(validateRequest('getTaskResult', { clientKey: 'k' })).toMatchObject({
      code: 'ERROR_TASKID_INVALID',
      field: 'taskId',
    });
    expect(validateRequest('feedbackTask', { clientKey: 'k', taskId: 't' })).toMatchObject({
      code: 'ERROR_BAD_REQUEST',
      field: 'result',
    });
  });

  it('refuses a numeric taskId (the spec types it as a string)', () => {
    expect(validateRequest('getTaskResult', { clientKey: 'k', taskId: 123 })).toMatchObject({
      ok: false,
      code: 'ERROR_TASKID_INVALID',
      message: 'taskId must be string',
    });
  });

  it('checks envelope fields of createTask (callbackUrl must be a URI)', () => {
    expect(
      validateRequest('createTask', { clientKey: 'k', task: turnstileTask(), callbackUrl: 'not a url' }),
    ).toMatchObject({
      ok: false,
      code: 'ERROR_INVALID_TASK_DATA',
      field: 'callbackUrl',
    });
  });
});

describe('createSpecValidator().validateResponse', () => {
  it('accepts documented shapes and rejects others', () => {
    expect(validateResponse('getTaskResult', 200, { errorId: 0, status: 'processing' })).toEqual({ ok: true });
    expect(validateResponse('getTaskResult', 200, { errorId: 0, status: 'done' })).toMatchObject({ ok: false });
    expect(validateResponse('getBalance', 200, { errorId: 0 })).toMatchObject({ ok: false });
    expect(validateResponse('createTask', 401, { errorId: 1, errorCode: 'ERROR_KEY_DENIED_ACCESS' })).toEqual({
      ok: true,
    });
    expect(validateResponse('createTask', 503, { errorId: 1, errorCode: 'ERROR_SERVICE_UNAVALIABLE' })).toEqual({
      ok: true,
    });
  });

  it('reports a status the spec does not declare', () => {
    expect(validateResponse('createTask', 404, {})).toMatchObject({
      ok: false,
      message: expect.stringContaining('404'),
    });
  });
});
