import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stepOf } from '../client/taskSnapshot.js';
import { DEFAULT_LIMITS, lastQueryAt } from '../limits.js';
import { callbackFallback } from '../policies/callbackFallback.js';
import { fixed } from '../policies/fixed.js';
import type { PollContext } from '../policies/PollPolicy.js';
import { runFakeTask, runUntilDone } from './helpers/fakeService.js';

const T0 = 1_700_000_000_000;
const ready = { status: 'ready', solution: { gRecaptchaResponse: 'tok' } };

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the machine's callback.received event", () => {
  it('moves a waiting task to an immediate query', async () => {
    const { actor, log } = runFakeTask({ poll: () => ready }, undefined, fixed(60_000));
    await vi.advanceTimersByTimeAsync(100);
    expect(stepOf(actor.getSnapshot())).toBe('waiting');
    actor.send({ type: 'callback.received' });
    expect(stepOf(actor.getSnapshot())).toBe('querying');
    await runUntilDone(actor);
    expect(actor.getSnapshot().value).toBe('ready');
    expect(log.requests).toEqual([T0 + 100]);
  });

  it('takes a trusted ready result for its own taskId without a query', async () => {
    const { actor, log } = runFakeTask({ poll: () => ready }, undefined, fixed(60_000));
    await vi.advanceTimersByTimeAsync(100);
    actor.send({
      type: 'callback.received',
      result: { taskId: 'task-1', status: 'ready', solution: { token: 'pushed' } },
    });
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context).toMatchObject({
      solution: { token: 'pushed' },
      queries: 0,
      lastStatus: 'ready',
    });
    expect(log.requests).toEqual([]);
  });

  it('queries instead when the result names another task, has no solution or is not ready', async () => {
    for (const result of [
      { taskId: 'someone-else', status: 'ready', solution: { token: 'x' } },
      { status: 'ready', solution: { token: 'x' } },
      { taskId: 'task-1', status: 'ready' },
      { taskId: 'task-1', status: 'failed' },
    ]) {
      const { actor } = runFakeTask({ poll: () => ready }, undefined, fixed(60_000));
      await vi.advanceTimersByTimeAsync(100);
      actor.send({ type: 'callback.received', result });
      expect(stepOf(actor.getSnapshot()), JSON.stringify(result)).toBe('querying');
      actor.stop();
    }
  });

  it('is ignored while creating, while querying and once done', async () => {
    const { actor, log } = runFakeTask(
      { poll: (n) => (n === 0 ? { status: 'processing' } : ready) },
      undefined,
      fixed(1000),
    );
    actor.send({ type: 'callback.received' });
    expect(actor.getSnapshot().value).toBe('creating');
    await vi.advanceTimersByTimeAsync(1050);
    expect(stepOf(actor.getSnapshot())).toBe('querying');
    actor.send({ type: 'callback.received' });
    await runUntilDone(actor);
    expect(log.requests).toHaveLength(2);
    actor.send({ type: 'callback.received' });
    expect(actor.getSnapshot().value).toBe('ready');
  });

  it('never queries after the lifetime: a late wake ends the task as expired', async () => {
    const createdAt = T0 - DEFAULT_LIMITS.taskLifetimeMs;
    const { actor, log } = runFakeTask(
      { poll: () => ready },
      { taskId: 't-old', createdAt, nextPollAt: lastQueryAt(createdAt, DEFAULT_LIMITS) + 10_000, resumed: true },
    );
    actor.send({ type: 'callback.received' });
    await runUntilDone(actor);
    expect(actor.getSnapshot().context.error?.code).toBe('TASK_EXPIRED');
    expect(log.requests).toEqual([]);
  });
});

describe('callbackFallback', () => {
  const ctx = (elapsedMs: number, limits = DEFAULT_LIMITS): PollContext => ({
    queries: 0,
    attempt: 1,
    elapsedMs,
    createdAt: T0,
    now: T0 + elapsedMs,
    lastStatus: 'idle',
    limits,
    taskType: undefined,
    retryAfterMs: undefined,
    taskId: 't',
  });

  it('polls sparsely when callbacks arrive, densely when many are lost, and is denser late in the window', () => {
    const reliable = callbackFallback({ lossRate: 0.002 });
    const lossy = callbackFallback({ lossRate: 0.1 });
    expect(reliable(ctx(0))).toBeGreaterThan(30_000);
    expect(lossy(ctx(0))).toBeGreaterThan(3000);
    expect(lossy(ctx(0))).toBeLessThan(10_000);
    expect(lossy(ctx(25_000))).toBeLessThan(lossy(ctx(5_000)));
    // Past the documented window: half the documented rate.
    expect(lossy(ctx(40_000))).toBe(2 * DEFAULT_LIMITS.pollIntervalMs);
    expect(reliable(ctx(40_000))).toBe(2 * DEFAULT_LIMITS.pollIntervalMs);
  });

  it('learns the loss rate from observed tasks, starting from its prior', () => {
    const policy = callbackFallback();
    expect(policy.lossRate()).toBeCloseTo(0.02);
    const first = policy(ctx(0));
    for (let i = 0; i < 100; i++) policy.observeCallback(i % 5 !== 0); // 20 % lost
    expect(policy.lossRate()).toBeGreaterThan(0.15);
    expect(policy(ctx(0))).toBeLessThan(first);
    for (let i = 0; i < 1000; i++) policy.observeCallback(true);
    expect(policy.lossRate()).toBeLessThan(0.01);
  });

  it('scales with the limits (a time-scaled client)', () => {
    const policy = callbackFallback({ lossRate: 0.1 });
    const scaled = { ...DEFAULT_LIMITS, solveTimeMinMs: 10, solveTimeMaxMs: 300, pollIntervalMs: 30 };
    expect(policy(ctx(0, scaled))).toBeCloseTo(policy(ctx(0)) / 100, 0);
  });
});
