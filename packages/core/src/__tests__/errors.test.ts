import { ERROR_CODES, type ErrorCode } from '@capkit/api';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  AuthenticationError,
  CapSolverError,
  ConfigurationError,
  ERROR_CLASS_BY_CATEGORY,
  errorFromEnvelope,
  InsufficientBalanceError,
  isCapSolverError,
  QueryBudgetExhaustedError,
  RateLimitError,
  ServiceUnavailableError,
  TaskExpiredError,
  TaskMayExistError,
  TimeoutError,
  TransportError,
} from '../errors/index.js';
import { createRedactor } from '../redact.js';

const KEY = 'CAP-SECRET-KEY-123456';
const redactor = createRedactor([KEY]);

describe('error hierarchy', () => {
  it('has the documented inheritance and names', () => {
    const timeout = new TimeoutError('slow');
    expect(timeout).toBeInstanceOf(TransportError);
    expect(timeout).toBeInstanceOf(CapSolverError);
    expect(timeout).toBeInstanceOf(Error);
    expect(timeout).not.toBeInstanceOf(TaskMayExistError);
    expect(timeout.name).toBe('TimeoutError');
    expect(timeout.code).toBe('TIMEOUT');
    expect(new TaskMayExistError('x')).toMatchObject({ code: 'TASK_MAY_EXIST', retryable: false });
    expect(new TaskExpiredError('x')).not.toBeInstanceOf(TransportError);
    expect(isCapSolverError(new AbortedError('x'))).toBe(true);
    expect(isCapSolverError(new Error('x'))).toBe(false);
    expect(isCapSolverError({ code: 'TIMEOUT' })).toBe(false);
  });

  it('matches instanceof across two copies of the package', async () => {
    const copyA = await import('../errors/index.js');
    vi.resetModules();
    const copyB = await import('../errors/index.js');
    expect(copyB.TransportError).not.toBe(copyA.TransportError);
    const fromB = new copyB.TimeoutError('from the other copy');
    expect(fromB instanceof copyA.TimeoutError).toBe(true);
    expect(fromB instanceof copyA.TransportError).toBe(true);
    expect(fromB instanceof copyA.CapSolverError).toBe(true);
    expect(fromB instanceof copyA.AuthenticationError).toBe(false);
    expect(copyA.isCapSolverError(new copyB.QueryBudgetExhaustedError('x'))).toBe(true);
  });

  it('narrows with instanceof', () => {
    const error: unknown = new QueryBudgetExhaustedError('spent', { taskId: 't', queries: 120 });
    if (error instanceof QueryBudgetExhaustedError) {
      expect(error.queries).toBe(120);
      expect(error.taskId).toBe('t');
    } else {
      expect.unreachable('instanceof must narrow');
    }
  });

  it('serializes to plain JSON without the key, even from a cause', () => {
    const cause = Object.assign(new Error(`{"clientKey":"${KEY}"}`), { code: 'ECONNRESET' });
    const error = new TransportError('getTaskResult request failed', { cause, status: 502, taskId: 't' });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: 'TransportError',
      code: 'NETWORK_ERROR',
      status: 502,
      taskId: 't',
      retryable: true,
    });
    expect(json.cause).toMatchObject({ name: 'Error', code: 'ECONNRESET' });
    expect(JSON.stringify(error)).not.toContain(KEY);
  });
});

describe('errorFromEnvelope', () => {
  it('maps every documented code to the class of its category, with its retry advice', () => {
    for (const [code, info] of Object.entries(ERROR_CODES) as Array<[ErrorCode, (typeof ERROR_CODES)[ErrorCode]]>) {
      const error = errorFromEnvelope(
        { errorId: 1, errorCode: code, errorDescription: 'x' },
        { status: info.httpStatus, redactor },
      );
      expect(error).toBeInstanceOf(ERROR_CLASS_BY_CATEGORY[info.category]);
      expect(error).toMatchObject({ code, retryable: info.retryable, status: info.httpStatus });
    }
  });

  it('gives the familiar classes for familiar codes', () => {
    const envelope = (errorCode: string) => ({ errorId: 1, errorCode });
    expect(errorFromEnvelope(envelope('ERROR_KEY_DENIED_ACCESS'), { redactor })).toBeInstanceOf(AuthenticationError);
    expect(errorFromEnvelope(envelope('ERROR_ZERO_BALANCE'), { redactor })).toBeInstanceOf(InsufficientBalanceError);
    expect(errorFromEnvelope(envelope('ERROR_SERVICE_UNAVALIABLE'), { redactor })).toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('keeps undocumented codes and uses the HTTP status as a hint', () => {
    const unknown = errorFromEnvelope({ errorId: 1, errorCode: 'ERROR_BRAND_NEW' }, { status: 400, redactor });
    expect(unknown.constructor).toBe(CapSolverError);
    expect(unknown).toMatchObject({ code: 'ERROR_BRAND_NEW', retryable: false });
    const limited = errorFromEnvelope(
      { errorId: 1, errorCode: 'ERROR_SLOW_DOWN' },
      { status: 429, redactor, retryAfterMs: 2_000 },
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 2_000 });
    expect(errorFromEnvelope({ errorId: 1 }, { redactor }).code).toBe('UNKNOWN_ERROR');
  });

  it('redacts a key echoed by the service', () => {
    const error = errorFromEnvelope(
      { errorId: 1, errorCode: 'ERROR_KEY_DENIED_ACCESS', errorDescription: `key ${KEY} is wrong` },
      { status: 401, redactor, taskId: 'abc' },
    );
    expect(error.message).not.toContain(KEY);
    expect(error.description).not.toContain(KEY);
    expect(error.message).toContain('ERROR_KEY_DENIED_ACCESS');
    expect(error.taskId).toBe('abc');
  });

  it('redacts the key passed where a task id goes', () => {
    const error = errorFromEnvelope(
      { errorId: 1, errorCode: 'ERROR_TASKID_INVALID' },
      { status: 400, redactor, taskId: KEY },
    );
    expect(error.taskId).toBe('[REDACTED]');
    expect(error.message).toBe('ERROR_TASKID_INVALID: the service refused the request (task [REDACTED])');
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it('ConfigurationError is a CapSolverError', () => {
    expect(new ConfigurationError('x')).toBeInstanceOf(CapSolverError);
  });
});
