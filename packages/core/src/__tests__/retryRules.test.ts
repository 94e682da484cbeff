import { ERROR_CODES, type ErrorCode } from '@capkit/api';
import { describe, expect, it } from 'vitest';
import { RateLimitError, ServiceUnavailableError, UnsolvableError } from '../errors/apiErrors.js';
import { CapSolverError, CLIENT_ERROR_CODES } from '../errors/CapSolverError.js';
import { TaskMayExistError, TimeoutError, TransportError } from '../errors/clientErrors.js';
import {
  errorCodeInfo,
  isRetryableRefusal,
  isTransientQueryFailure,
  provesNothingCreated,
  resendsLostAnswer,
  resendsRefusal,
  retryAdvice,
} from '../errors/retryRules.js';

const documented = Object.entries(ERROR_CODES) as Array<[ErrorCode, (typeof ERROR_CODES)[ErrorCode]]>;

describe('retryAdvice (whole solves: bullmq jobs, the CLI resume hint)', () => {
  it('never lets BullMQ retry a code the catalogue marks "no retry" (balance, key, invalid task)', () => {
    const noRetry = documented.filter(([code, info]) => info.retry === 'no' && code !== 'ERROR_TASKID_INVALID');
    expect(noRetry.map(([code]) => code)).toContain('ERROR_ZERO_BALANCE');
    for (const [code] of noRetry) {
      expect(retryAdvice({ code, taskId: 't' }), code).toEqual({ retryable: false, resumable: false });
    }
  });

  it('leaves "new task" codes to BullMQ attempts, with a new task', () => {
    const newTask = documented.filter(([, info]) => info.retry === 'new-task');
    expect(newTask.map(([code]) => code)).toContain('ERROR_CAPTCHA_UNSOLVABLE');
    for (const [code] of newTask) {
      expect(retryAdvice({ code, taskId: 't' }), code).toEqual({ retryable: true, resumable: false });
    }
  });

  it('retries request-level codes on the same task when one exists (no second payment)', () => {
    const transient = documented.filter(([, info]) => info.retry === 'request' || info.retry === 'after-cooldown');
    expect(transient.length).toBeGreaterThan(0);
    for (const [code] of transient) {
      expect(retryAdvice({ code, taskId: 't' }), code).toEqual({ retryable: true, resumable: true });
      expect(retryAdvice({ code }), code).toEqual({ retryable: true, resumable: false });
    }
  });

  it('ends the job for good when the task may exist, the setup is wrong or the job was cancelled', () => {
    expect(retryAdvice({ code: 'TASK_MAY_EXIST' })).toEqual({ retryable: false, resumable: false });
    expect(retryAdvice({ code: 'CONFIGURATION' })).toEqual({ retryable: false, resumable: false });
    // A cancelled task keeps its id: a manual `job.retry()` collects it instead of paying again.
    expect(retryAdvice({ code: 'ABORTED', taskId: 't' })).toEqual({ retryable: false, resumable: true });
  });

  it('retries with a new task once the task is gone (expired, budget spent, unknown id)', () => {
    for (const code of ['TASK_EXPIRED', 'QUERY_BUDGET_EXHAUSTED', 'TASK_FAILED', 'ERROR_TASKID_INVALID']) {
      expect(retryAdvice({ code, taskId: 't' }), code).toEqual({ retryable: true, resumable: false });
    }
  });

  it('has a verdict for every client code of @capkit/core', () => {
    for (const code of CLIENT_ERROR_CODES) {
      const verdict = retryAdvice({ code, taskId: 't', retryable: false });
      expect(typeof verdict.retryable, code).toBe('boolean');
    }
    expect(retryAdvice({ code: 'NETWORK_ERROR', taskId: 't' })).toEqual({ retryable: true, resumable: true });
  });

  it("follows the client's retryable flag for an undocumented service code, keeping a live task", () => {
    expect(retryAdvice({ code: 'ERROR_NEW_THING', retryable: true, taskId: 't' })).toEqual({
      retryable: true,
      resumable: true,
    });
    expect(retryAdvice({ code: 'ERROR_NEW_THING', retryable: false })).toEqual({
      retryable: false,
      resumable: false,
    });
  });
});

describe('the transport: send again now', () => {
  it('re-sends a documented refusal only when the catalogue says retry: "request", even for createTask', () => {
    for (const [code, info] of documented) {
      for (const createsTask of [true, false]) {
        expect(resendsRefusal(code, 400, createsTask), code).toBe(info.retry === 'request');
      }
    }
  });

  it('judges an undocumented refusal by its status: for createTask only when nothing can have been created', () => {
    expect(resendsRefusal('ERROR_NEW_THING', 429, true)).toBe(true);
    // A gateway's 5xx is no proof that nothing was created (issue 16).
    for (const status of [400, 408, 500, 502, 503, 504, 520, 524])
      expect(resendsRefusal('ERROR_NEW_THING', status, true), `${status}`).toBe(false);
    // A capkit proxy's not-sent codes are (nothing reached the service).
    expect(resendsRefusal('CAPKIT_PROXY_UPSTREAM_UNREACHABLE', 502, true)).toBe(true);
    expect(resendsRefusal('CAPKIT_PROXY_RATE_LIMITED', 429, true)).toBe(true);
    for (const status of [408, 429, 500, 504]) expect(resendsRefusal(undefined, status, false), `${status}`).toBe(true);
    expect(resendsRefusal(undefined, 400, false)).toBe(false);
  });

  it('re-sends a lost answer unless it may have created a task', () => {
    expect(resendsLostAnswer(false, false)).toBe(true);
    expect(resendsLostAnswer(true, true)).toBe(true);
    expect(resendsLostAnswer(true, false)).toBe(false);
    expect(provesNothingCreated(429)).toBe(true);
    expect([200, 400, 408, 500, 502, 503, 504, 520, 524].some(provesNothingCreated)).toBe(false);
  });

  it('looks codes up as own catalogue keys only', () => {
    expect(errorCodeInfo('ERROR_RATE_LIMIT')?.retry).toBe('request');
    for (const code of [undefined, 'constructor', 'toString', '__proto__', 'undefined']) {
      expect(errorCodeInfo(code), String(code)).toBeUndefined();
    }
  });
});

describe('the task machine: poll again later', () => {
  it('polls again after a lost answer, never after a possibly created task', () => {
    expect(isTransientQueryFailure(new TransportError('reset'))).toBe(true);
    expect(isTransientQueryFailure(new TimeoutError('slow'))).toBe(true);
    expect(isTransientQueryFailure(new TaskMayExistError('maybe'))).toBe(false);
  });

  it('follows the catalogue for service codes, and the class for undocumented ones', () => {
    for (const [code, info] of documented) {
      const error = new CapSolverError(code, { code });
      expect(isTransientQueryFailure(error), code).toBe(info.retry === 'request');
    }
    expect(isTransientQueryFailure(new RateLimitError('429', { code: 'HTTP_ERROR', retryable: true }))).toBe(true);
    expect(isTransientQueryFailure(new ServiceUnavailableError('x', { code: 'ERROR_NEW', retryable: true }))).toBe(
      true,
    );
    expect(isTransientQueryFailure(new UnsolvableError('x', { code: 'ERROR_NEW', retryable: true }))).toBe(false);
    expect(isTransientQueryFailure(new Error('not ours'))).toBe(false);
    expect(isTransientQueryFailure(undefined)).toBe(false);
  });
});

describe('what users read: retryable', () => {
  it("is the catalogue's flag for a documented code, else rate limits and service failures", () => {
    for (const [code, info] of documented) expect(isRetryableRefusal(code, undefined), code).toBe(info.retryable);
    expect(isRetryableRefusal('ERROR_NEW_THING', 'rate-limit')).toBe(true);
    expect(isRetryableRefusal('ERROR_NEW_THING', 'service')).toBe(true);
    expect(isRetryableRefusal('ERROR_NEW_THING', 'auth')).toBe(false);
    expect(isRetryableRefusal('ERROR_NEW_THING', undefined)).toBe(false);
  });
});
