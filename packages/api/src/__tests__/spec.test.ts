import { describe, expect, test } from 'vitest';
import { TASK_TYPES, type TaskType } from '../index.js';
import { schemaValidator, shippedSpec } from './specValidator.js';

const validateTask = schemaValidator('Task');
const schemas = shippedSpec.components.schemas as Record<string, { examples?: Record<string, unknown>[] }>;
const taskTypes = Object.keys(TASK_TYPES) as TaskType[];

function exampleOf(type: TaskType): Record<string, unknown> {
  const example = schemas[type]?.examples?.[0];
  if (!example) throw new Error(`the spec has no example for ${type}`);
  return structuredClone(example);
}

function without(task: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(task).filter(([key]) => !keys.includes(key)));
}

const PROXY_FIELDS = ['proxy', 'proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin', 'proxyPassword'];

describe('Task schema (as ajv reads openapi.json)', () => {
  test.each(taskTypes)('the spec example of %s is a valid Task', (type) => {
    const task = exampleOf(type);
    expect(task.type).toBe(type);
    expect(validateTask(task), JSON.stringify(validateTask.errors)).toBe(true);
  });

  test.each(taskTypes)('%s keeps extra (undocumented) fields allowed', (type) => {
    expect(validateTask({ ...exampleOf(type), someFutureField: { nested: true } })).toBe(true);
  });

  test('an unknown type or a wrong casing is rejected', () => {
    expect(validateTask({ ...exampleOf('ReCaptchaV2TaskProxyLess'), type: 'ReCaptchaV2TaskProxyless' })).toBe(false);
    expect(validateTask({ type: 'HCaptchaTask', websiteURL: 'u', websiteKey: 'k' })).toBe(false);
  });

  test.each(taskTypes)('every required parameter of %s is enforced', (type) => {
    const schema = schemas[type] as { required?: string[]; allOf?: { $ref: string }[] };
    const inherited = (schema.allOf ?? [])
      .map(({ $ref }) => schemas[$ref.split('/').pop() ?? ''] as { required?: string[] })
      .flatMap((part) => part.required ?? []);
    const required = [...(schema.required ?? []), ...inherited].filter((key) => key !== 'type');
    for (const key of required) {
      expect(validateTask(without(exampleOf(type), key)), `${type} without ${key}`).toBe(false);
    }
  });

  const proxyRequired = taskTypes.filter((type) => TASK_TYPES[type].proxy === 'required');

  test.each(proxyRequired)('%s needs a proxy and accepts either form', (type) => {
    const bare = without(exampleOf(type), ...PROXY_FIELDS);
    expect(validateTask(bare)).toBe(false);
    expect(validateTask({ ...bare, proxy: 'http://user:pass@192.0.2.1:8080' })).toBe(true);
    expect(validateTask({ ...bare, proxyType: 'http', proxyAddress: '192.0.2.1', proxyPort: 8080 })).toBe(true);
    // The split form needs all three of type, address and port.
    expect(validateTask({ ...bare, proxyType: 'http', proxyAddress: '192.0.2.1' })).toBe(false);
    expect(validateTask({ ...bare, proxyType: 'gopher', proxyAddress: '192.0.2.1', proxyPort: 8080 })).toBe(false);
  });

  test('proxy-required types are exactly the non-ProxyLess token types but MtCaptchaTask', () => {
    const tokenTypes = taskTypes.filter((type) => TASK_TYPES[type].mode === 'async');
    const callerProxy = tokenTypes.filter((type) => !type.endsWith('ProxyLess'));
    expect(proxyRequired).toEqual(callerProxy.filter((type) => type !== 'MtCaptchaTask'));
  });

  test('MtCaptchaTask takes a proxy in either form, or none (the docs table: optional)', () => {
    expect(TASK_TYPES.MtCaptchaTask.proxy).toBe('optional');
    const bare = without(exampleOf('MtCaptchaTask'), ...PROXY_FIELDS);
    expect(validateTask(bare)).toBe(true);
    expect(validateTask({ ...bare, proxy: 'http://user:pass@192.0.2.1:8080' })).toBe(true);
    expect(validateTask({ ...bare, proxyType: 'http', proxyAddress: '192.0.2.1', proxyPort: 8080 })).toBe(true);
    expect(validateTask({ ...bare, proxyType: 'http', proxyAddress: '192.0.2.1' })).toBe(false);
    expect(validateTask({ ...bare, proxy: '' })).toBe(false);
  });

  test('ImageToTextTask needs body or images; VisionEngine slider/rotate_1 need imageBackground', () => {
    const ocr = exampleOf('ImageToTextTask');
    expect(validateTask(without(ocr, 'body'))).toBe(false);
    expect(validateTask({ ...without(ocr, 'body'), module: 'number', images: ['aGk=', 'aGk='] })).toBe(true);

    const vision = exampleOf('VisionEngine');
    expect(validateTask(without(vision, 'imageBackground'))).toBe(false);
    expect(validateTask({ ...without(vision, 'imageBackground'), module: 'shein', question: 'q' })).toBe(true);
  });

  test('GeeTest needs the v3 pair (gt + challenge) or the v4 captchaId', () => {
    const v3 = exampleOf('GeeTestTask');
    expect(validateTask(without(v3, 'challenge'))).toBe(false);
    expect(validateTask({ ...without(v3, 'gt', 'challenge'), captchaId: 'id' })).toBe(true);
  });
});

describe('request and response schemas', () => {
  test('clientKey is a required non-empty string in every request body', () => {
    const requests = [
      'CreateTaskRequest',
      'GetTaskResultRequest',
      'GetBalanceRequest',
      'GetTokenRequest',
      'FeedbackTaskRequest',
    ];
    for (const name of requests) {
      const schema = shippedSpec.components.schemas[name as keyof typeof shippedSpec.components.schemas] as {
        required: string[];
      };
      expect(schema.required, name).toContain('clientKey');
    }
    const validate = schemaValidator('GetBalanceRequest');
    expect(validate({ clientKey: 'CAP-X' })).toBe(true);
    expect(validate({ clientKey: '' })).toBe(false);
    expect(validate({})).toBe(false);
  });

  test('getToken accepts only the task types marked getToken', () => {
    const validate = schemaValidator('GetTokenTask');
    for (const type of taskTypes) expect(validate(exampleOf(type)), type).toBe(TASK_TYPES[type].getToken);
  });

  test('success and error envelopes are told apart by errorId', () => {
    const success = schemaValidator('CreateTaskResponse');
    const failure = schemaValidator('ErrorResponse');
    const created = { errorId: 0, errorCode: '', errorDescription: '', taskId: 't', status: 'idle' };
    const refused = { errorId: 1, errorCode: 'ERROR_ZERO_BALANCE', errorDescription: 'top up' };
    expect([success(created), failure(created)]).toEqual([true, false]);
    expect([success(refused), failure(refused)]).toEqual([false, true]);
    expect(success({ ...created, status: 'finished' })).toBe(false);
  });
});
