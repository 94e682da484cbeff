import {
  AbortedError,
  AuthenticationError,
  CapSolverError,
  ConfigurationError,
  InsufficientBalanceError,
  InvalidTaskError,
  QueryBudgetExhaustedError,
  RateLimitError,
  ServiceUnavailableError,
  TaskExpiredError,
  TaskMayExistError,
  TaskNotFoundError,
  TimeoutError,
  TransportError,
  UnsolvableError,
} from '@capkit/core';
import { describe, expect, it } from 'vitest';
import { usageError } from '../CliError.js';
import { EXIT_CODES } from '../exitCodes.js';
import { reportError } from '../reportError.js';
import { TaskRunError } from '../TaskRunError.js';

describe('reportError', () => {
  it.each([
    [new UnsolvableError('x', { code: 'ERROR_CAPTCHA_UNSOLVABLE' }), EXIT_CODES.apiError, 'unsolvable'],
    [new TaskNotFoundError('x', { code: 'ERROR_TASKID_INVALID' }), EXIT_CODES.apiError, 'not-found'],
    [new RateLimitError('x', { code: 'ERROR_RATE_LIMIT' }), EXIT_CODES.apiError, 'rate-limit'],
    [new CapSolverError('x', { code: 'ERROR_SOMETHING_NEW' }), EXIT_CODES.apiError, 'api'],
    [new InvalidTaskError('x', { code: 'ERROR_INVALID_TASK_DATA' }), EXIT_CODES.usage, 'invalid-task'],
    [new ConfigurationError('x'), EXIT_CODES.usage, 'configuration'],
    [new TaskExpiredError('x'), EXIT_CODES.limits, 'limits'],
    [new QueryBudgetExhaustedError('x'), EXIT_CODES.limits, 'limits'],
    [new AuthenticationError('x', { code: 'ERROR_KEY_DENIED_ACCESS' }), EXIT_CODES.auth, 'auth'],
    [new InsufficientBalanceError('x', { code: 'ERROR_ZERO_BALANCE' }), EXIT_CODES.auth, 'balance'],
    [new TransportError('x'), EXIT_CODES.transport, 'transport'],
    [new TimeoutError('x'), EXIT_CODES.transport, 'transport'],
    [new TaskMayExistError('x'), EXIT_CODES.transport, 'transport'],
    [new ServiceUnavailableError('x', { code: 'ERROR_SERVICE_UNAVALIABLE' }), EXIT_CODES.transport, 'service'],
    [new AbortedError('x'), EXIT_CODES.interrupted, 'aborted'],
    [usageError('bad', { field: 'type' }), EXIT_CODES.usage, 'usage'],
  ])('%s → exit %i (%s)', (error, exitCode, category) => {
    expect(reportError(error)).toMatchObject({ exitCode, category, message: error.message });
  });

  it('keeps the task id, the queries and the resume hint', () => {
    const cause = new AbortedError('stopped', { taskId: 't-1', queries: 4 });
    const hint = {
      taskId: 't-1',
      createdAt: 1,
      queriesUsed: 4,
      command: 'capkit result t-1 --created-at 1 --queries-used 4',
    };
    expect(reportError(new TaskRunError(cause, hint))).toEqual({
      exitCode: EXIT_CODES.interrupted,
      code: 'ABORTED',
      category: 'aborted',
      message: 'stopped',
      taskId: 't-1',
      queries: 4,
      resume: hint,
    });
  });

  it('reports unexpected failures as exit 1 without throwing', () => {
    expect(reportError('boom')).toMatchObject({ exitCode: 1, code: 'CAPKIT_INTERNAL', message: 'boom' });
  });
});
