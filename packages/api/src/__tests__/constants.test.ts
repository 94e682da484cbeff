import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  ERROR_CODE_RULES,
  ERROR_CODES,
  LIMITS,
  METHODS,
  SERVERS,
  SYNC_TASK_TYPES,
  TASK_STATUSES,
  TASK_TYPES,
  isErrorCode,
  isTaskStatus,
  isTaskType,
  type ErrorCode,
} from '../index.js';
import { shippedSpec } from './specValidator.js';

const yamlSpec = parse(await readFile(new URL('../../../../spec/capsolver.openapi.yaml', import.meta.url), 'utf8'));

// The 17 codes of section 3 of the API reference, spelt as on the wire.
const DOCUMENTED_CODES = [
  'ERROR_SERVICE_UNAVALIABLE',
  'ERROR_RATE_LIMIT',
  'ERROR_INVALID_TASK_DATA',
  'ERROR_BAD_REQUEST',
  'ERROR_TASKID_INVALID',
  'ERROR_TASK_TIMEOUT',
  'ERROR_SETTLEMENT_FAILED',
  'ERROR_KEY_DENIED_ACCESS',
  'ERROR_ZERO_BALANCE',
  'ERROR_TASK_NOT_SUPPORTED',
  'ERROR_CAPTCHA_UNSOLVABLE',
  'ERROR_UNKNOWN_QUESTION',
  'ERROR_PROXY_BANNED',
  'ERROR_INVALID_IMAGE',
  'ERROR_PARSE_IMAGE_FAIL',
  'ERROR_IP_BANNED',
  'ERROR_KEY_TEMP_BLOCKED',
];

describe('generated constants match the spec', () => {
  test('openapi.json is the YAML spec plus the generated marker', () => {
    const { 'x-capkit-generated': marker, ...rest } = shippedSpec as typeof shippedSpec & Record<string, unknown>;
    expect(marker).toMatch(/generated — do not edit/);
    expect(rest).toEqual(yamlSpec);
  });

  test('LIMITS are the documented service limits', () => {
    expect(LIMITS).toEqual(yamlSpec['x-capkit-limits']);
    expect(LIMITS).toEqual({
      maxQueriesPerTask: 120,
      taskLifetimeMs: 5 * 60_000,
      pollIntervalMs: 3_000,
      solveTimeMinMs: 1_000,
      solveTimeMaxMs: 30_000,
      serverSolveTimeoutMs: 120_000,
    });
  });

  test('ERROR_CODES holds exactly the 17 documented codes, with the spec entries', () => {
    expect(Object.keys(ERROR_CODES).sort()).toEqual([...DOCUMENTED_CODES].sort());
    expect(ERROR_CODES).toEqual(yamlSpec['x-capkit-errors']);
  });

  test('ERROR_CODE_RULES is the spec entry of every code without its description', () => {
    const withoutDescriptions = Object.fromEntries(
      Object.entries(yamlSpec['x-capkit-errors'] as Record<string, Record<string, unknown>>).map(
        ([code, { description, ...rule }]) => {
          expect(description, code).toEqual(expect.any(String));
          return [code, rule];
        },
      ),
    );
    expect(Object.keys(ERROR_CODE_RULES)).toEqual(Object.keys(ERROR_CODES));
    expect(ERROR_CODE_RULES).toEqual(withoutDescriptions);
    expect(ERROR_CODE_RULES.ERROR_KEY_DENIED_ACCESS).toEqual({
      category: 'auth',
      retryable: false,
      retry: 'no',
      httpStatus: 401,
    });
  });

  test('error categories and retry advice', () => {
    // Object.groupBy needs Node 21; group by hand.
    const by = (pick: (code: ErrorCode) => string) => {
      const groups: Record<string, ErrorCode[]> = {};
      for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) (groups[pick(code)] ??= []).push(code);
      return groups;
    };
    expect(by((code) => ERROR_CODES[code].category)).toEqual({
      service: ['ERROR_SERVICE_UNAVALIABLE'],
      'rate-limit': ['ERROR_RATE_LIMIT', 'ERROR_IP_BANNED', 'ERROR_KEY_TEMP_BLOCKED'],
      'invalid-task': [
        'ERROR_INVALID_TASK_DATA',
        'ERROR_BAD_REQUEST',
        'ERROR_TASK_NOT_SUPPORTED',
        'ERROR_UNKNOWN_QUESTION',
        'ERROR_INVALID_IMAGE',
        'ERROR_PARSE_IMAGE_FAIL',
      ],
      'not-found': ['ERROR_TASKID_INVALID'],
      unsolvable: ['ERROR_TASK_TIMEOUT', 'ERROR_CAPTCHA_UNSOLVABLE', 'ERROR_PROXY_BANNED'],
      balance: ['ERROR_SETTLEMENT_FAILED', 'ERROR_ZERO_BALANCE'],
      auth: ['ERROR_KEY_DENIED_ACCESS'],
    });
    expect(by((code) => ERROR_CODES[code].retry)).toEqual({
      request: ['ERROR_SERVICE_UNAVALIABLE', 'ERROR_RATE_LIMIT'],
      no: expect.arrayContaining(['ERROR_INVALID_TASK_DATA', 'ERROR_KEY_DENIED_ACCESS', 'ERROR_ZERO_BALANCE']),
      'new-task': ['ERROR_TASK_TIMEOUT', 'ERROR_CAPTCHA_UNSOLVABLE', 'ERROR_PROXY_BANNED'],
      'after-cooldown': ['ERROR_IP_BANNED', 'ERROR_KEY_TEMP_BLOCKED'],
    });
    for (const info of Object.values(ERROR_CODES)) expect(info.retryable).toBe(info.retry !== 'no');
    expect(ERROR_CODES.ERROR_KEY_DENIED_ACCESS.httpStatus).toBe(401);
  });

  test('TASK_TYPES lists every Task member with its x-capkit-task, in spec order', () => {
    const mapping: Record<string, string> = yamlSpec.components.schemas.Task.discriminator.mapping;
    expect(Object.keys(TASK_TYPES)).toEqual(Object.keys(mapping));
    expect(Object.keys(TASK_TYPES)).toHaveLength(22);
    for (const [type, ref] of Object.entries(mapping)) {
      const schema = yamlSpec.components.schemas[ref.split('/').pop() as string];
      expect(TASK_TYPES[type as keyof typeof TASK_TYPES], type).toEqual(schema['x-capkit-task']);
      expect(yamlSpec.components.schemas[schema['x-capkit-task'].solution], `${type} solution`).toBeDefined();
    }
  });

  test('task modes, proxy needs and getToken support', () => {
    const entries = Object.entries(TASK_TYPES);
    const sync = entries.filter(([, info]) => info.mode === 'sync').map(([type]) => type);
    expect(sync).toEqual(['ImageToTextTask', 'ReCaptchaV2Classification', 'AwsWafClassification', 'VisionEngine']);
    expect(SYNC_TASK_TYPES).toEqual(sync);
    for (const [type, info] of entries) {
      // MtCaptchaTask: the docs' table marks its proxy optional (the spec notes the disagreement).
      const caller = type === 'MtCaptchaTask' ? 'optional' : 'required';
      const expected = info.mode === 'sync' ? 'none' : type.endsWith('ProxyLess') ? 'built-in' : caller;
      expect(info.proxy, type).toBe(expected);
      expect(info.getToken, type).toBe(/^ReCaptchaV[23](Enterprise)?Task/.test(type));
    }
    expect(TASK_TYPES.ReCaptchaV2TaskProxyLess.solution).toBe('ReCaptchaSolution');
    expect(TASK_TYPES.ImageToTextTask.solution).toBe('ImageToTextSolution');
  });

  test('statuses, servers and methods', () => {
    expect(TASK_STATUSES).toEqual(['idle', 'processing', 'ready', 'failed']);
    expect(TASK_STATUSES).toEqual(yamlSpec.components.schemas.TaskStatus.enum);
    expect(SERVERS).toEqual(['https://api.capsolver.com', 'https://api-stable.capsolver.com']);
    expect(METHODS).toEqual(Object.keys(yamlSpec.paths).map((path) => path.slice(1)));
    expect(METHODS).toEqual(['createTask', 'getTaskResult', 'getBalance', 'getToken', 'feedbackTask']);
  });
});

describe('guards', () => {
  test('isErrorCode / isTaskType / isTaskStatus narrow wire strings', () => {
    expect(isErrorCode('ERROR_ZERO_BALANCE')).toBe(true);
    expect(isErrorCode('ERROR_TOKEN_EXPIRED')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(1)).toBe(false);
    expect(isTaskType('AntiTurnstileTaskProxyLess')).toBe(true);
    expect(isTaskType('HCaptchaTask')).toBe(false);
    expect(isTaskType('constructor')).toBe(false);
    expect(isTaskStatus('failed')).toBe(true);
    expect(isTaskStatus('done')).toBe(false);
  });
});
