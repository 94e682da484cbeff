import type { SerializedTask } from '@capkit/core';
import { describe, expect, it } from 'vitest';
import { planAttempt } from '../planAttempt.js';
import type { SolveJobFailure } from '../types.js';
import { turnstileTask } from './support/startHarness.js';

const task = turnstileTask();
const pending: SerializedTask = { version: 1, key: 'k1', task, taskType: task.type, queries: 0, state: 'starting' };
const polling: SerializedTask = {
  ...pending,
  taskId: 'task-1',
  createdAt: 1_000,
  queries: 7,
  state: 'waiting',
  lastStatus: 'processing',
};

function failure(overrides: Partial<SolveJobFailure>): SolveJobFailure {
  return {
    code: 'ERROR_CAPTCHA_UNSOLVABLE',
    message: 'unsolvable',
    retryable: true,
    resumable: false,
    attempt: 0,
    ...overrides,
  };
}

describe('planAttempt', () => {
  it('starts a task when the job holds no snapshot: createTask was never sent', () => {
    expect(planAttempt(undefined, 0)).toEqual({ kind: 'start' });
    expect(planAttempt({}, 0)).toEqual({ kind: 'start' });
  });

  it('resumes a task whose worker died, counting one query that may have been in flight', () => {
    const plan = planAttempt({ snapshot: polling }, 0);
    expect(plan).toEqual({ kind: 'resume', snapshot: { ...polling, queries: 8 } });
  });

  it('resumes a settled task too: its worker died before BullMQ recorded the outcome', () => {
    expect(planAttempt({ snapshot: polling, settled: true }, 0)).toMatchObject({
      kind: 'resume',
      snapshot: { taskId: 'task-1' },
    });
  });

  it('hands a snapshot without task id to resume(), which settles it as TASK_MAY_EXIST and never re-sends it', () => {
    for (const state of ['starting', 'creating']) {
      expect(planAttempt({ snapshot: { ...pending, state } }, 2)).toEqual({
        kind: 'resume',
        snapshot: { ...pending, state },
      });
    }
  });

  it('repeats the failure an attempt recorded before its worker died', () => {
    const recorded = failure({ code: 'ERROR_ZERO_BALANCE', retryable: false, attempt: 1 });
    expect(planAttempt({ snapshot: pending, failure: recorded }, 1)).toEqual({ kind: 'fail', failure: recorded });
  });

  it('starts a new task after an attempt whose task is gone (unsolvable, expired)', () => {
    expect(planAttempt({ snapshot: polling, failure: failure({ attempt: 0 }) }, 1)).toEqual({ kind: 'start' });
  });

  it('resumes the same task after an attempt that failed while the task was still alive', () => {
    const recorded = failure({ code: 'ABORTED', retryable: false, resumable: true, taskId: 'task-1', attempt: 0 });
    expect(planAttempt({ snapshot: polling, failure: recorded }, 1)).toEqual({ kind: 'resume', snapshot: polling });
  });

  it('starts anew after a resumable failure that never got a task id (createTask was refused)', () => {
    const recorded = failure({ code: 'ERROR_RATE_LIMIT', resumable: false, attempt: 0 });
    expect(planAttempt({ snapshot: pending, failure: recorded }, 1)).toEqual({ kind: 'start' });
  });
});
