import { ERROR_CODES, type ErrorCode } from '@capkit/api';
import { CLIENT_ERROR_CODES } from '@capkit/core';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../classifyFailure.js';

const documented = Object.entries(ERROR_CODES) as Array<[ErrorCode, (typeof ERROR_CODES)[ErrorCode]]>;

describe('classifyFailure', () => {
  it('never lets BullMQ retry a code the catalogue marks "no retry" (balance, key, invalid task)', () => {
    const noRetry = documented.filter(([code, info]) => info.retry === 'no' && code !== 'ERROR_TASKID_INVALID');
    expect(noRetry.map(([code]) => code)).toContain('ERROR_ZERO_BALANCE');
    for (const [code] of noRetry) {
      expect(classifyFailure({ code, taskId: 't' }), code).toEqual({ retryable: false, resumable: false });
    }
  });

  it('leaves "new task" codes to BullMQ attempts, with a new task', () => {
    const newTask = documented.filter(([, info]) => info.retry === 'new-task');
    expect(newTask.map(([code]) => code)).toContain('ERROR_CAPTCHA_UNSOLVABLE');
    for (const [code] of newTask) {
      expect(classifyFailure({ code, taskId: 't' }), code).toEqual({ retryable: true, resumable: false });
    }
  });

  it('retries request-level codes on the same task when one exists (no second payment)', () => {
    const transient = documented.filter(([, info]) => info.retry === 'request' || info.retry === 'after-cooldown');
    expect(transient.length).toBeGreaterThan(0);
    for (const [code] of transient) {
      expect(classifyFailure({ code, taskId: 't' }), code).toEqual({ retryable: true, resumable: true });
      expect(classifyFailure({ code }), code).toEqual({ retryable: true, resumable: false });
    }
  });

  it('ends the job for good when the task may exist, the setup is wrong or the job was cancelled', () => {
    expect(classifyFailure({ code: 'TASK_MAY_EXIST' })).toEqual({ retryable: false, resumable: false });
    expect(classifyFailure({ code: 'CONFIGURATION' })).toEqual({ retryable: false, resumable: false });
    // A cancelled task keeps its id: a manual `job.retry()` collects it instead of paying again.
    expect(classifyFailure({ code: 'ABORTED', taskId: 't' })).toEqual({ retryable: false, resumable: true });
  });

  it('retries with a new task once the task is gone (expired, budget spent, unknown id)', () => {
    for (const code of ['TASK_EXPIRED', 'QUERY_BUDGET_EXHAUSTED', 'TASK_FAILED', 'ERROR_TASKID_INVALID']) {
      expect(classifyFailure({ code, taskId: 't' }), code).toEqual({ retryable: true, resumable: false });
    }
  });

  it('has a verdict for every client code of @capkit/core', () => {
    for (const code of CLIENT_ERROR_CODES) {
      const verdict = classifyFailure({ code, taskId: 't', retryable: false });
      expect(typeof verdict.retryable, code).toBe('boolean');
    }
    expect(classifyFailure({ code: 'NETWORK_ERROR', taskId: 't' })).toEqual({ retryable: true, resumable: true });
  });

  it("follows the client's retryable flag for an undocumented service code, keeping a live task", () => {
    expect(classifyFailure({ code: 'ERROR_NEW_THING', retryable: true, taskId: 't' })).toEqual({
      retryable: true,
      resumable: true,
    });
    expect(classifyFailure({ code: 'ERROR_NEW_THING', retryable: false })).toEqual({
      retryable: false,
      resumable: false,
    });
  });
});
