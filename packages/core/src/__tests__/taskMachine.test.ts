import { LIMITS } from '@capkit/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError, TaskNotFoundError, UnsolvableError } from '../errors/apiErrors.js';
import {
  AbortedError,
  QueryBudgetExhaustedError,
  TaskExpiredError,
  TaskMayExistError,
  TransportError,
} from '../errors/clientErrors.js';
import { DEFAULT_LIMITS, lastQueryAt } from '../limits.js';
import { fixed } from '../policies/fixed.js';
import type { PollContext } from '../policies/PollPolicy.js';
import { runFakeTask, runUntilDone } from './helpers/fakeService.js';

const T0 = 1_700_000_000_000;
const recognition = { type: 'ImageToTextTask', body: 'aGVsbG8=' } as const;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('taskMachine', () => {
  it('solves a sync task in createTask with zero queries', async () => {
    const { actor, log } = runFakeTask(
      { create: () => ({ taskId: 'sync-1', status: 'ready', solution: { text: 'hello' } }) },
      { task: recognition },
    );
    expect(actor.getSnapshot().value).toBe('creating');
    await runUntilDone(actor);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('ready');
    expect(snapshot.context.solution).toEqual({ text: 'hello' });
    expect(snapshot.context.queries).toBe(0);
    expect(log.requests).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('polls idle and processing on the documented rhythm until ready', async () => {
    const statuses = ['idle', 'processing', 'processing', 'ready'];
    const { actor, log } = runFakeTask({
      poll: (n) => ({
        status: statuses[n]!,
        solution: statuses[n] === 'ready' ? { gRecaptchaResponse: 'tok' } : undefined,
      }),
    });
    await vi.advanceTimersByTimeAsync(60);
    // createTask answered idle (the fake's default).
    expect(actor.getSnapshot().value).toEqual({ idle: 'waiting' });
    expect(actor.getSnapshot().context.taskId).toBe('task-1');
    await runUntilDone(actor);
    const { context } = actor.getSnapshot();
    expect(actor.getSnapshot().value).toBe('ready');
    expect(context.solution).toEqual({ gRecaptchaResponse: 'tok' });
    expect(context.queries).toBe(4);
    // First query about solveTimeMinMs after creation, then one every pollIntervalMs after each answer.
    expect(log.requests[0]! - T0).toBe(LIMITS.solveTimeMinMs);
    const gaps = log.requests.slice(1).map((at, i) => at - log.requests[i]!);
    expect(gaps).toEqual([20 + LIMITS.pollIntervalMs, 20 + LIMITS.pollIntervalMs, 20 + LIMITS.pollIntervalMs]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tolerates an unknown status and keeps polling', async () => {
    const { actor } = runFakeTask({
      poll: (n) => (n < 2 ? { status: 'thinking-hard' } : { status: 'ready', solution: { token: 'x' } }),
    });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(actor.getSnapshot().context.lastStatus).toBe('thinking-hard');
    await runUntilDone(actor);
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.queries).toBe(3);
  });

  it('ends a "failed" status with a retryable UnsolvableError carrying taskId and queries', async () => {
    const { actor } = runFakeTask({ poll: (n) => ({ status: n === 1 ? 'failed' : 'processing' }) });
    await runUntilDone(actor);
    const { error } = actor.getSnapshot().context;
    expect(actor.getSnapshot().value).toBe('error');
    expect(error).toBeInstanceOf(UnsolvableError);
    expect(error).toMatchObject({ code: 'TASK_FAILED', taskId: 'task-1', queries: 2, retryable: true });
  });

  it('ends with the mapped error when the service refuses a query', async () => {
    const refusal = new TaskNotFoundError('ERROR_TASKID_INVALID: gone', { code: 'ERROR_TASKID_INVALID' });
    const { actor } = runFakeTask({ poll: (n) => (n === 2 ? { error: refusal } : { status: 'processing' }) });
    await runUntilDone(actor);
    expect(actor.getSnapshot().context.error).toBe(refusal);
    expect(refusal).toMatchObject({ taskId: 'task-1', queries: 3 });
  });

  it('polls again after a lost answer, counting it', async () => {
    const { actor, log } = runFakeTask({
      poll: (n) =>
        n === 0
          ? { error: new TransportError('socket hang up') }
          : n === 1
            ? { status: 'processing' }
            : { status: 'ready', solution: {} },
    });
    await runUntilDone(actor);
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.queries).toBe(3);
    expect(log.requests).toHaveLength(3);
  });

  it('counts transport retries of one query against the budget', async () => {
    const { actor, log } = runFakeTask({
      retries: (q) => (q === 0 ? 2 : 0),
      poll: (n) => (n < 4 ? { status: 'processing' } : { status: 'ready', solution: {} }),
    });
    await vi.advanceTimersByTimeAsync(1_000 + 20);
    expect(actor.getSnapshot().context.queries).toBe(1);
    await runUntilDone(actor);
    expect(log.requests).toHaveLength(5);
    expect(actor.getSnapshot().context.queries).toBe(5);
  });

  it('stretches the next delay after a rate limit', async () => {
    const { actor, log } = runFakeTask({
      poll: (n) =>
        n === 0
          ? { error: new RateLimitError('ERROR_RATE_LIMIT', { code: 'ERROR_RATE_LIMIT', retryAfterMs: 10_000 }) }
          : n === 1
            ? { error: new RateLimitError('ERROR_RATE_LIMIT', { code: 'ERROR_RATE_LIMIT' }) }
            : { status: 'ready', solution: {} },
    });
    await runUntilDone(actor);
    expect(log.requests[1]! - log.requests[0]!).toBe(20 + 10_000);
    expect(log.requests[2]! - log.requests[1]!).toBe(20 + 2 * LIMITS.pollIntervalMs);
  });

  it('stops at the query budget with QueryBudgetExhaustedError', async () => {
    const { actor, log } = runFakeTask(
      { poll: () => ({ status: 'processing' }) },
      { task: recognition, limits: { maxQueriesPerTask: 5 } },
    );
    await runUntilDone(actor);
    const { error } = actor.getSnapshot().context;
    expect(error).toBeInstanceOf(QueryBudgetExhaustedError);
    expect(error).toMatchObject({ taskId: 'task-1', queries: 5, code: 'QUERY_BUDGET_EXHAUSTED' });
    expect(log.requests).toHaveLength(5);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never queries after the lifetime and ends with TaskExpiredError', async () => {
    const { actor, log } = runFakeTask({ poll: () => ({ status: 'processing' }) });
    await runUntilDone(actor);
    const { error, createdAt } = actor.getSnapshot().context;
    expect(error).toBeInstanceOf(TaskExpiredError);
    expect(error).toMatchObject({ taskId: 'task-1', queries: log.requests.length });
    const deadline = lastQueryAt(createdAt!, DEFAULT_LIMITS);
    expect(Math.max(...log.requests)).toBeLessThanOrEqual(deadline);
    // The budget is never the reason: 300 s at 3 s uses about 100 queries.
    expect(log.requests.length).toBeLessThanOrEqual(LIMITS.maxQueriesPerTask);
    expect(Date.now()).toBeLessThanOrEqual(createdAt! + LIMITS.taskLifetimeMs);
  });

  it('spreads a dense policy so the budget lasts the whole lifetime', async () => {
    const { actor, log } = runFakeTask({ poll: () => ({ status: 'processing' }) }, undefined, fixed(0));
    await runUntilDone(actor);
    // Both run out together: the last query of the budget is spent at the end of the lifetime.
    expect(actor.getSnapshot().context.error).toBeInstanceOf(QueryBudgetExhaustedError);
    expect(log.requests.length).toBe(LIMITS.maxQueriesPerTask);
    // The last query lands at the end of the lifetime, not 30 s after creation.
    const deadline = lastQueryAt(actor.getSnapshot().context.createdAt!, DEFAULT_LIMITS);
    expect(deadline - log.requests.at(-1)!).toBeLessThan(LIMITS.pollIntervalMs);
  });

  it('ends with the createTask error and sends no query', async () => {
    const refused = new UnsolvableError('ERROR_CAPTCHA_UNSOLVABLE', {
      code: 'ERROR_CAPTCHA_UNSOLVABLE',
      retryable: true,
    });
    const { actor, log } = runFakeTask({ create: () => ({ error: refused }) });
    await runUntilDone(actor);
    expect(actor.getSnapshot().context.error).toBe(refused);
    expect(log.requests).toHaveLength(0);
  });

  it('cancels while waiting: AbortedError with the taskId, no timer left', async () => {
    const { actor } = runFakeTask({});
    await vi.advanceTimersByTimeAsync(500);
    expect(actor.getSnapshot().value).toEqual({ idle: 'waiting' });
    actor.send({ type: 'cancel', reason: 'user' });
    const { error } = actor.getSnapshot().context;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ taskId: 'task-1', queries: 0 });
    expect(actor.getSnapshot().status).toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels while querying: the in-flight request is aborted', async () => {
    const { actor, log } = runFakeTask({ pollLatencyMs: () => 5_000 });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(actor.getSnapshot().value).toEqual({ idle: 'querying' });
    actor.send({ type: 'cancel' });
    await vi.advanceTimersByTimeAsync(0);
    expect(log.aborted).toBe(1);
    expect(actor.getSnapshot().context.error).toMatchObject({ taskId: 'task-1', queries: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels while creating: AbortedError without a taskId, createTask aborted', async () => {
    const { actor } = runFakeTask({ createLatencyMs: 5_000 });
    await vi.advanceTimersByTimeAsync(100);
    expect(actor.getSnapshot().value).toBe('creating');
    actor.send({ type: 'cancel' });
    expect(actor.getSnapshot().context.error).toBeInstanceOf(AbortedError);
    expect(actor.getSnapshot().context.error?.taskId).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not query when its timer fires after the lifetime (a sleeping laptop)', async () => {
    const { actor, log } = runFakeTask({ poll: () => ({ status: 'processing' }) });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(log.requests).toHaveLength(1);
    // The wall clock jumps past the lifetime while the poll timer is still pending.
    vi.setSystemTime(Date.now() + LIMITS.taskLifetimeMs);
    await runUntilDone(actor);
    expect(actor.getSnapshot().context.error).toBeInstanceOf(TaskExpiredError);
    expect(log.requests).toHaveLength(1);
  });

  it('resumes a known task with what is left of its budget and lifetime', async () => {
    const createdAt = T0 - 200_000;
    const { actor, log } = runFakeTask(
      { poll: () => ({ status: 'processing' }) },
      { taskId: 'old-1', createdAt, queries: 110, nextPollAt: T0 + 2_000, resumed: true },
    );
    // No last status known: the task is taken to be idle.
    expect(actor.getSnapshot().value).toEqual({ idle: 'waiting' });
    await runUntilDone(actor);
    expect(log.createCalls).toHaveLength(0);
    expect(log.requests[0]).toBe(T0 + 2_000);
    expect(log.requests).toHaveLength(10);
    expect(actor.getSnapshot().context.error).toBeInstanceOf(QueryBudgetExhaustedError);
  });

  it('ends a resumed task whose lifetime is over without querying', async () => {
    const { actor, log } = runFakeTask(
      {},
      { taskId: 'old-2', createdAt: T0 - LIMITS.taskLifetimeMs, queries: 3, nextPollAt: T0 - 1_000, resumed: true },
    );
    // The limits are checked when the wait ends; a wait already over ends at the next tick.
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().status).toBe('done');
    expect(vi.getTimerCount()).toBe(0);
    expect(actor.getSnapshot().context.error).toBeInstanceOf(TaskExpiredError);
    expect(log.requests).toHaveLength(0);
  });

  it('never re-creates a resumed task that was interrupted during createTask', async () => {
    const { actor, log } = runFakeTask({}, { task: recognition, resumed: true });
    expect(actor.getSnapshot().context.error).toBeInstanceOf(TaskMayExistError);
    expect(log.createCalls).toHaveLength(0);
  });

  it('polls a task created elsewhere from its creation time', async () => {
    const { actor, log } = runFakeTask(
      { poll: () => ({ status: 'ready', solution: { token: 't' } }) },
      { taskId: 'ext-1', createdAt: T0 - 400, queries: 0 },
    );
    await runUntilDone(actor);
    expect(log.requests[0]).toBe(T0 - 400 + LIMITS.solveTimeMinMs);
    expect(actor.getSnapshot().context.solution).toEqual({ token: 't' });
  });

  it('gives the policy a context of the task: its id, creation time, queries and last status', async () => {
    const seen: PollContext[] = [];
    const { actor } = runFakeTask(
      { poll: (n) => (n < 2 ? { status: 'processing' } : { status: 'ready', solution: {} }) },
      undefined,
      (ctx) => {
        seen.push(ctx);
        return 1_000;
      },
    );
    await runUntilDone(actor);
    expect(
      seen.map(({ taskId, createdAt, queries, lastStatus }) => ({ taskId, createdAt, queries, lastStatus })),
    ).toEqual([
      { taskId: 'task-1', createdAt: T0, queries: 0, lastStatus: 'idle' },
      { taskId: 'task-1', createdAt: T0, queries: 1, lastStatus: 'processing' },
      { taskId: 'task-1', createdAt: T0, queries: 2, lastStatus: 'processing' },
    ]);
  });

  it('falls back to the documented delay when the policy throws', async () => {
    const { actor, log } = runFakeTask(
      { poll: (n) => (n === 0 ? { status: 'processing' } : { status: 'ready', solution: {} }) },
      undefined,
      () => {
        throw new Error('broken policy');
      },
    );
    await runUntilDone(actor);
    expect(log.requests[0]! - T0).toBe(LIMITS.solveTimeMinMs);
    expect(actor.getSnapshot().value).toBe('ready');
  });
});
