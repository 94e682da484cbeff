import { LIMITS } from '@capkit/api';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/clientErrors.js';
import { DEFAULT_LIMITS, lastQueryAt, resolveLimits, scaleLimits } from '../limits.js';
import { clampDelay } from '../policies/clampDelay.js';
import { documented } from '../policies/documented.js';
import { eager } from '../policies/eager.js';
import { fixed } from '../policies/fixed.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import { contextAt, queryTimes, T0 } from './helpers/simulatePolls.js';

describe('documented', () => {
  it('waits the shortest solve time before the first query, then the poll interval', () => {
    expect(documented(contextAt(0, 0))).toBe(LIMITS.solveTimeMinMs);
    expect(documented(contextAt(400, 0))).toBe(LIMITS.solveTimeMinMs - 400);
    expect(documented(contextAt(5_000, 0))).toBe(0);
    expect(documented(contextAt(5_000, 1))).toBe(LIMITS.pollIntervalMs);
  });

  it('solves a 30 s task in about 11 queries', () => {
    expect(queryTimes(documented, DEFAULT_LIMITS, 30_000)).toHaveLength(11);
  });
});

describe('fixed', () => {
  it('returns its delay and refuses nonsense', () => {
    expect(fixed(1_234)(contextAt(0, 7))).toBe(1_234);
    expect(() => fixed(-1)).toThrow(ConfigurationError);
    expect(() => fixed(Number.NaN)).toThrow(ConfigurationError);
  });
});

describe('eager', () => {
  const TYPE = 'ReCaptchaV2TaskProxyLess';
  /** Latency (ready → seen) of a task solved at `solvedAfterMs`, and the queries it took. */
  const outcome = (policy: PollPolicy, solvedAfterMs: number) => {
    const sent = queryTimes(policy, DEFAULT_LIMITS, solvedAfterMs);
    return { latency: sent.at(-1)! - solvedAfterMs, queries: sent.length };
  };

  it('spends about 15 queries per task over the documented 1–30 s window, for a median latency near 0.4 s', () => {
    const policy = eager();
    expect(policy.planFor(TYPE, DEFAULT_LIMITS).expectedQueries).toBeCloseTo(15, 0);
    // Solve times spread evenly over 1–30 s, as the documented window says.
    const runs = Array.from({ length: 291 }, (_, index) => outcome(policy, 1_000 + index * 100));
    const latencies = runs.map((run) => run.latency).sort((a, b) => a - b);
    expect(latencies[145]!).toBeLessThan(450);
    const meanQueries = runs.reduce((sum, run) => sum + run.queries, 0) / runs.length;
    expect(meanQueries).toBeGreaterThan(13);
    expect(meanQueries).toBeLessThan(17);
    expect(Math.max(...runs.map((run) => run.queries))).toBeLessThanOrEqual(40);
  });

  it('answers a 2 s solve within 0.5 s and stays in budget for the slowest tasks', () => {
    expect(outcome(eager(), 2_000).latency).toBeLessThan(500);
    expect(queryTimes(eager(), DEFAULT_LIMITS, 120_000).length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxQueriesPerTask);
  });

  it('scales with the limits and takes hazard options', () => {
    const scaled = scaleLimits(0.01);
    const first = eager().planFor(TYPE, DEFAULT_LIMITS).times[0]!;
    expect(eager()(contextAt(0, 0, scaled))).toBeCloseTo(first / 100, 0);
    expect(eager({ targetQueries: 30 }).planFor(TYPE, DEFAULT_LIMITS).expectedQueries).toBeCloseTo(30, 0);
    expect(() => eager({ targetQueries: -5 })).toThrow(ConfigurationError);
  });
});

describe('clampDelay', () => {
  it('never goes below the minimum gap or a Retry-After', () => {
    expect(clampDelay(0, contextAt(2_000, 1))).toBe(DEFAULT_LIMITS.minPollGapMs);
    expect(clampDelay(100, contextAt(2_000, 1, DEFAULT_LIMITS, { retryAfterMs: 7_000 }))).toBe(7_000);
  });

  it('treats non-numbers as the poll interval and negatives as zero', () => {
    expect(clampDelay(Number.NaN, contextAt(2_000, 1))).toBe(LIMITS.pollIntervalMs);
    expect(clampDelay(Number.POSITIVE_INFINITY, contextAt(2_000, 1))).toBe(LIMITS.pollIntervalMs);
    expect(clampDelay(-50, contextAt(2_000, 1))).toBe(DEFAULT_LIMITS.minPollGapMs);
  });

  it('never schedules past the last allowed moment, and stops after it', () => {
    const last = lastQueryAt(T0, DEFAULT_LIMITS) - T0;
    expect(clampDelay(60_000, contextAt(last - 1_000, 50))).toBe(1_000);
    expect(clampDelay(0, contextAt(last + 1, 50))).toBeUndefined();
    // Less than the minimum gap left: no further query.
    expect(clampDelay(0, contextAt(last - DEFAULT_LIMITS.minPollGapMs + 1, 50))).toBeUndefined();
    // A Retry-After past the end: one last query at the last allowed moment (issue 16), not none.
    expect(clampDelay(0, contextAt(last - 5_000, 50, DEFAULT_LIMITS, { retryAfterMs: 6_000 }))).toBe(
      5_000 - DEFAULT_LIMITS.minPollGapMs,
    );
  });

  it('stops when the budget is spent', () => {
    expect(clampDelay(3_000, contextAt(1_000, LIMITS.maxQueriesPerTask))).toBeUndefined();
  });

  it('stretches a dense policy so the budget covers the lifetime', () => {
    const sent = queryTimes(fixed(0), DEFAULT_LIMITS, Number.POSITIVE_INFINITY);
    expect(sent).toHaveLength(LIMITS.maxQueriesPerTask);
    expect(sent.at(-1)).toBe(lastQueryAt(T0, DEFAULT_LIMITS) - T0);
    // Dense while the budget has slack, then spaced so the rest lasts until the end.
    expect(sent[1]! - sent[0]!).toBe(DEFAULT_LIMITS.minPollGapMs);
    const lastGaps = sent
      .slice(-10)
      .map((at, i, all) => (i === 0 ? 0 : at - all[i - 1]!))
      .slice(1);
    for (const gap of lastGaps) expect(gap).toBeGreaterThanOrEqual(LIMITS.pollIntervalMs - 1);
  });

  it('spreads a small budget evenly instead of leaving the task blind', () => {
    const limits = resolveLimits({ maxQueriesPerTask: 6 });
    const sent = queryTimes(documented, limits, Number.POSITIVE_INFINITY);
    expect(sent).toHaveLength(6);
    const window = lastQueryAt(T0, limits) - T0;
    expect(sent[0]!).toBeCloseTo(window / 6, 0);
    expect(sent.at(-1)).toBeCloseTo(lastQueryAt(T0, limits) - T0, 0);
  });

  it('leaves the documented policy alone with the default limits', () => {
    const sent = queryTimes(documented, DEFAULT_LIMITS, Number.POSITIVE_INFINITY);
    const gaps = sent.slice(1).map((at, i) => at - sent[i]!);
    expect(gaps.slice(0, -1).every((gap) => gap === LIMITS.pollIntervalMs)).toBe(true);
  });
});

describe('limits', () => {
  it('defaults to the generated LIMITS plus the client defaults', () => {
    expect(DEFAULT_LIMITS).toMatchObject(LIMITS);
    expect(resolveLimits({ maxQueriesPerTask: 7 }).maxQueriesPerTask).toBe(7);
  });

  it('refuses bad overrides', () => {
    expect(() => resolveLimits({ taskLifetimeMs: -1 })).toThrow(ConfigurationError);
    expect(() => resolveLimits({ maxQueriesPerTask: 0 })).toThrow(ConfigurationError);
    expect(() => resolveLimits({ bogus: 1 } as never)).toThrow(ConfigurationError);
  });

  it('scales durations but not the budget', () => {
    const scaled = scaleLimits(0.01);
    expect(scaled.taskLifetimeMs).toBe(LIMITS.taskLifetimeMs * 0.01);
    expect(scaled.maxQueriesPerTask).toBe(LIMITS.maxQueriesPerTask);
  });
});
