import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/clientErrors.js';
import { DEFAULT_LIMITS, resolveLimits, scaleLimits } from '../limits.js';
import { hazard, timesFor } from '../policies/hazard.js';
import {
  createShareProgram,
  MEDIAN_PLAN_SHARE,
  planMedianSchedule,
  planTrafficMedian,
} from '../policies/planMedianSchedule.js';
import { evaluateSchedule, planPollSchedule, type PollPlan } from '../policies/planPollSchedule.js';
import {
  logNormalSolveTime,
  mixtureSolveTime,
  uniformSolveTime,
  type SolveTimeDistribution,
} from '../policies/solveTimeDistribution.js';
import { anyLimits, contextAt, expectWithinRules, queryTimes, T0 } from './helpers/simulatePolls.js';

const UNIFORM = uniformSolveTime(1_000, 30_000);

/** Query times every `everyMs` from creation, up to `untilMs`. */
function everyFromStart(everyMs: number, untilMs: number): number[] {
  const times: number[] = [];
  for (let at = everyMs; at < untilMs + everyMs; at += everyMs) times.push(at);
  return times;
}

describe('solve-time distributions', () => {
  it('uniform spreads evenly over its window', () => {
    expect([0, 1_000, 15_500, 30_000, 40_000].map(UNIFORM.cdf)).toEqual([0, 0, 0.5, 1, 1]);
    expect(UNIFORM.maxMs).toBe(30_000);
    expect(uniformSolveTime(30_000, 1_000).cdf(15_500)).toBe(0.5);
  });

  it('log-normal has its median where asked and honours its clamps', () => {
    const distribution = logNormalSolveTime({ medianMs: 6_000, sigma: 0.6, minMs: 1_000, maxMs: 120_000 });
    expect(distribution.cdf(6_000)).toBeCloseTo(0.5, 6);
    expect(distribution.cdf(6_000 * Math.exp(0.6))).toBeCloseTo(0.8413, 3);
    expect(distribution.cdf(999)).toBe(0);
    expect(distribution.cdf(120_000)).toBe(1);
  });

  it('a mixture weighs its components', () => {
    const mixture = mixtureSolveTime([
      { weight: 3, distribution: uniformSolveTime(0, 1_000) },
      { weight: 1, distribution: uniformSolveTime(1_000, 2_000) },
    ]);
    expect(mixture.cdf(1_000)).toBeCloseTo(0.75);
    expect(mixture.cdf(1_500)).toBeCloseTo(0.875);
    expect(mixture.maxMs).toBe(2_000);
  });

  it('refuses nonsense parameters', () => {
    expect(() => uniformSolveTime(-1, 5)).toThrow(ConfigurationError);
    expect(() => logNormalSolveTime({ medianMs: 0, sigma: 1 })).toThrow(ConfigurationError);
    expect(() => logNormalSolveTime({ medianMs: 5, sigma: 1, minMs: 10, maxMs: 5 })).toThrow(ConfigurationError);
    expect(() => mixtureSolveTime([])).toThrow(ConfigurationError);
    expect(() => mixtureSolveTime([{ weight: -1, distribution: UNIFORM }])).toThrow(ConfigurationError);
  });
});

describe('planPollSchedule', () => {
  const plan = planPollSchedule(UNIFORM, { horizonMs: 30_000, minGapMs: 250, targetQueries: 6 });

  it('ends at the horizon with increasing times at least the minimum gap apart', () => {
    expect(plan.times.at(-1)).toBeGreaterThanOrEqual(30_000);
    expect(plan.times.at(-1)).toBeLessThan(30_250);
    expect(plan.times[0]).toBeGreaterThanOrEqual(250);
    for (let index = 1; index < plan.times.length; index += 1) {
      expect(plan.times[index]! - plan.times[index - 1]!).toBeGreaterThanOrEqual(250);
    }
  });

  it('spends the target and no more', () => {
    expect(plan.expectedQueries).toBeLessThanOrEqual(6);
    expect(plan.expectedQueries).toBeGreaterThan(5.8);
  });

  it('queries sparsely early and densely late when the hazard rises (uniform)', () => {
    const gaps = plan.times.slice(1).map((time, index) => time - plan.times[index]!);
    expect(plan.times[0]).toBeGreaterThan(3_000);
    expect(gaps[0]).toBeGreaterThan(2 * gaps.at(-1)!);
    expect(gaps.every((gap, index) => index === 0 || gap <= gaps[index - 1]! + 1e-9)).toBe(true);
  });

  it('clusters queries where a log-normal distribution has its mass', () => {
    const distribution = logNormalSolveTime({ medianMs: 8_000, sigma: 0.4, minMs: 1_000, maxMs: 120_000 });
    const peaked = planPollSchedule(distribution, { horizonMs: 30_000, minGapMs: 250, targetQueries: 8 });
    // The 10th and 90th percentiles: exp(±1.2816 σ) around the median.
    const [p10, p90] = [8_000 * Math.exp(-1.2816 * 0.4), 8_000 * Math.exp(1.2816 * 0.4)];
    expect(peaked.times.filter((time) => time < p10).length).toBeLessThanOrEqual(1);
    expect(peaked.times.filter((time) => time >= p10 && time <= p90).length).toBeGreaterThanOrEqual(12);
    const gaps = peaked.times.slice(1).map((time, index) => time - peaked.times[index]!);
    expect(gaps[0]).toBeGreaterThan(Math.min(...gaps));
  });

  it('predicts what evaluateSchedule measures for its own times', () => {
    const measured = evaluateSchedule(plan.times, UNIFORM);
    expect(measured.expectedQueries).toBeCloseTo(plan.expectedQueries, 1);
    expect(Math.abs(measured.expectedLatencyMs - plan.expectedLatencyMs)).toBeLessThan(0.02 * plan.expectedLatencyMs);
  });

  it('beats a fixed 3 s interval by at least 12 % expected latency at the same queries', () => {
    const fixed3s = evaluateSchedule(everyFromStart(3_000, 30_000), UNIFORM);
    const same = planPollSchedule(UNIFORM, {
      horizonMs: 30_000,
      minGapMs: 250,
      targetQueries: fixed3s.expectedQueries,
    });
    expect(same.expectedQueries).toBeLessThanOrEqual(fixed3s.expectedQueries);
    expect(same.expectedLatencyMs).toBeLessThan(0.88 * fixed3s.expectedLatencyMs);
  });

  it('trades queries for latency monotonically, and takes a query price instead', () => {
    const budgets = [3, 6, 12, 24].map((targetQueries) =>
      planPollSchedule(UNIFORM, { horizonMs: 30_000, minGapMs: 250, targetQueries }),
    );
    for (let index = 1; index < budgets.length; index += 1) {
      expect(budgets[index]!.expectedQueries).toBeGreaterThan(budgets[index - 1]!.expectedQueries);
      expect(budgets[index]!.expectedLatencyMs).toBeLessThan(budgets[index - 1]!.expectedLatencyMs);
    }
    const priced = planPollSchedule(UNIFORM, { horizonMs: 30_000, minGapMs: 250, queryCostMs: plan.queryCostMs });
    expect(priced.times).toEqual(plan.times);
  });
});

describe('hazard', () => {
  it('by default spends what a 3 s loop spends, with lower expected latency', () => {
    const policy = hazard();
    const plan = policy.planFor('ReCaptchaV2TaskProxyLess', DEFAULT_LIMITS);
    const fixed3s = evaluateSchedule(everyFromStart(DEFAULT_LIMITS.pollIntervalMs, 30_000), UNIFORM);
    expect(plan.expectedQueries).toBeLessThanOrEqual(fixed3s.expectedQueries + 1e-9);
    expect(plan.expectedQueries).toBeGreaterThan(fixed3s.expectedQueries - 0.2);
    // The mean gap between queries respects the documented ~3 s.
    const measured = evaluateSchedule(plan.times, UNIFORM);
    expect(measured.expectedLatencyMs).toBeLessThan(0.88 * fixed3s.expectedLatencyMs);
  });

  it('follows its plan, then the documented rhythm after the horizon', () => {
    const policy = hazard();
    const plan = policy.planFor('ReCaptchaV2TaskProxyLess', DEFAULT_LIMITS);
    // Epoch-ms due times (as the machine computes them) round to about 0.0002 ms.
    const sent = queryTimes(policy, DEFAULT_LIMITS, plan.times.at(-1)! - 1e-3);
    expect(sent).toHaveLength(plan.times.length);
    sent.forEach((time, index) => expect(time).toBeCloseTo(plan.times[index]!, 2));
    expect(policy(contextAt(plan.times.at(-1)!, sent.length))).toBe(DEFAULT_LIMITS.pollIntervalMs);
    expect(policy(contextAt(200_000, 40))).toBe(DEFAULT_LIMITS.pollIntervalMs);
  });

  it('keeps to its plan when answers take time (the minimum gap counts from the answer)', () => {
    const policy = hazard();
    const plan = policy.planFor(undefined, DEFAULT_LIMITS);
    const sent = queryTimes(policy, DEFAULT_LIMITS, plan.times.at(-1)! - 1e-3, 40);
    expect(sent).toHaveLength(plan.times.length);
    sent.forEach((time, index) => {
      expect(time).toBeGreaterThanOrEqual(plan.times[index]! - 1e-3);
      expect(time).toBeLessThanOrEqual(plan.times[index]! + 40 + DEFAULT_LIMITS.minPollGapMs);
    });
  });

  it('scales with the limits of a time-scaled client', () => {
    const scaled = scaleLimits(0.01);
    const policy = hazard();
    const full = policy.planFor(undefined, DEFAULT_LIMITS);
    const small = policy.planFor(undefined, scaled);
    expect(small.times).toHaveLength(full.times.length);
    small.times.forEach((time, index) => expect(time).toBeCloseTo(full.times[index]! / 100, 6));
  });

  it('plans per task type and caches each plan', () => {
    const quick = uniformSolveTime(1_000, 4_000);
    const policy = hazard({ distribution: (taskType) => (taskType === 'ImageToTextTask' ? quick : UNIFORM) });
    const image = policy.planFor('ImageToTextTask', DEFAULT_LIMITS);
    expect(image.times.at(-1)).toBeCloseTo(4_000, -2);
    expect(policy.planFor('ImageToTextTask', resolveLimits())).toBe(image);
    expect(policy.planFor('ReCaptchaV2TaskProxyLess', DEFAULT_LIMITS).times.at(-1)).toBeCloseTo(30_000, -2);
  });

  it('buys lower latency with a larger budget, and honours its own minimum gap', () => {
    const dense = hazard({ targetQueries: 30, minGapMs: 400 });
    const plan = dense.planFor(undefined, DEFAULT_LIMITS);
    const gaps = plan.times.slice(1).map((time, index) => time - plan.times[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(400);
    expect(plan.expectedLatencyMs).toBeLessThan(hazard().planFor(undefined, DEFAULT_LIMITS).expectedLatencyMs / 3);
  });

  it('stays cheap and sane with extreme options', () => {
    const started = performance.now();
    const plan = hazard({ minGapMs: 1e12, cells: 1e9 }).planFor(undefined, DEFAULT_LIMITS);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(plan.times).toHaveLength(1);
    expectWithinRules(queryTimes(hazard({ minGapMs: 1e12 }), DEFAULT_LIMITS), DEFAULT_LIMITS);
  });

  it('refuses nonsense options', () => {
    expect(() => hazard({ targetQueries: -1 })).toThrow(ConfigurationError);
    expect(() => hazard({ minGapMs: Number.NaN })).toThrow(ConfigurationError);
    expect(() => hazard({ targetQueries: 5, queryCostMs: 100 })).toThrow(ConfigurationError);
    expect(() => hazard({ objective: 'p90' as 'median' })).toThrow(/objective/);
    expect(() => hazard({ objective: 'median', queryCostMs: 100 })).toThrow(/targetQueries, not queryCostMs/);
    expect(() => hazard({ maxGapMs: -1 })).toThrow(ConfigurationError);
    expect(() => hazard({ distribution: {} as SolveTimeDistribution })).toThrow(ConfigurationError);
    // A distribution function that returns nothing fails loudly (the machine then polls on the documented rhythm).
    const broken = hazard({ distribution: () => undefined as unknown as SolveTimeDistribution });
    expect(() => broken(contextAt(0, 0))).toThrow(/returned no SolveTimeDistribution/);
  });
});

/**
 * The median, 55th (the share a median plan plans for) and 95th percentile of latency (ready → seen)
 * of a plan (or bare query times) under `distribution`, by quantiles; a plan's `alternate` counts
 * for its share of the tasks.
 */
function latencyQuantiles(plan: PollPlan | readonly number[], distribution: SolveTimeDistribution) {
  const schedules =
    'times' in plan
      ? [{ times: plan.times, weight: 1 - (plan.alternate?.weight ?? 0) }, ...(plan.alternate ? [plan.alternate] : [])]
      : [{ times: plan, weight: 1 }];
  const latencies: Array<{ ms: number; weight: number }> = [];
  for (let index = 0; index < 2_000; index += 1) {
    const share = (index + 0.5) / 2_000;
    let [low, high] = [0, 60_000];
    while (high - low > 1) {
      const middle = (low + high) / 2;
      if (distribution.cdf(middle) < share) low = middle;
      else high = middle;
    }
    for (const { times, weight } of schedules) latencies.push({ ms: times.find((at) => at >= high)! - high, weight });
  }
  latencies.sort((a, b) => a.ms - b.ms);
  const quantile = (q: number) => {
    let seen = 0;
    return latencies.find(({ weight }) => (seen += weight / 2_000) >= q)!.ms;
  };
  return { median: quantile(0.5), planned: quantile(0.55), p95: quantile(0.95) };
}

describe('planMedianSchedule and hazard({ objective: median })', () => {
  const options = { horizonMs: 30_000, minGapMs: 250, targetQueries: 6 };

  it('reaches a lower median than the mean-latency plan for the same queries, and reports it', () => {
    for (const distribution of [UNIFORM, logNormalSolveTime({ medianMs: 6_000, sigma: 0.6, maxMs: 30_000 })]) {
      const median = planMedianSchedule(distribution, options);
      const mean = planPollSchedule(distribution, options);
      expect(median.expectedQueries).toBeLessThanOrEqual(6.01);
      const measured = latencyQuantiles(median, distribution);
      expect(measured.median).toBeLessThan(latencyQuantiles(mean.times, distribution).median * 0.95);
      // It reports the latency within which 55 % of tasks are seen (a margin for samples), above the median.
      expect(Math.abs(measured.planned - median.medianLatencyMs!)).toBeLessThan(60);
      expect(measured.median).toBeLessThanOrEqual(median.medianLatencyMs! + 1);
    }
  });

  it('spends its budget exactly: a share of the tasks, picked by task id, follows a denser schedule', () => {
    const plan = planMedianSchedule(UNIFORM, options);
    expect(plan.expectedQueries).toBeCloseTo(6, 4);
    const { alternate } = plan;
    expect(alternate!.weight).toBeGreaterThan(0);
    expect(alternate!.weight).toBeLessThan(1);
    expect(evaluateSchedule(plan.times, UNIFORM).expectedQueries).toBeLessThan(6);
    expect(evaluateSchedule(alternate!.times, UNIFORM).expectedQueries).toBeGreaterThan(6);
    // Tasks created in the same millisecond: the denser schedule's share of them is its weight, and
    // each task keeps its pick (every query, a resume).
    const shareOfDenser = (task: (index: number) => { taskId?: string; createdAt: number }) => {
      let denser = 0;
      for (let index = 0; index < 20_000; index += 1) {
        const times = timesFor(plan, task(index));
        expect(timesFor(plan, task(index))).toBe(times);
        if (times === alternate!.times) denser += 1;
      }
      return denser / 20_000;
    };
    expect(
      Math.abs(shareOfDenser((index) => ({ taskId: `task-${index}`, createdAt: T0 })) - alternate!.weight),
    ).toBeLessThan(0.015);
    const uuids = Array.from({ length: 20_000 }, () => crypto.randomUUID());
    expect(
      Math.abs(shareOfDenser((index) => ({ taskId: uuids[index]!, createdAt: T0 + index })) - alternate!.weight),
    ).toBeLessThan(0.015);
    // Without a task id (a policy called by hand), the creation time picks.
    expect(Math.abs(shareOfDenser((index) => ({ createdAt: T0 + 10 * index })) - alternate!.weight)).toBeLessThan(
      0.015,
    );
    // A budget the cheapest schedule does not reach needs no second schedule.
    expect(planMedianSchedule(UNIFORM, { ...options, targetQueries: 500 }).alternate).toBeUndefined();
  });

  it('plans a traffic mix with one bound and one price: the budget is the mean, spent where it sees most tasks in time', () => {
    // Half the tasks are solved at a known 3 s: a query there sees that half at once.
    const known = { weight: 1, distribution: uniformSolveTime(3_000, 3_000), horizonMs: 30_000 };
    const spread = { weight: 1, distribution: UNIFORM, horizonMs: 30_000 };
    const [exact] = planTrafficMedian([known, spread], { minGapMs: 250, targetQueries: 2, share: 0.5 });
    expect(exact!.medianLatencyMs).toBeLessThan(150);
    const plans = planTrafficMedian([known, spread], { minGapMs: 250, targetQueries: 2 });
    const mean = (plans[0]!.expectedQueries + plans[1]!.expectedQueries) / 2;
    expect(mean).toBeLessThanOrEqual(2 + 1e-6);
    expect(plans[0]!.medianLatencyMs).toBe(plans[1]!.medianLatencyMs);
    // 55 % (the default share) needs tasks of the spread type seen in time too: a larger bound.
    expect(MEDIAN_PLAN_SHARE).toBe(0.55);
    expect(plans[0]!.medianLatencyMs!).toBeGreaterThan(exact!.medianLatencyMs!);
    expect(planTrafficMedian([], { minGapMs: 250 })).toEqual([]);
  });

  it('builds on a share program: more price, fewer queries and a smaller share within the bound', () => {
    const program = createShareProgram(UNIFORM, { horizonMs: 30_000, minGapMs: 250 });
    expect(program(30_000, 0).share).toBeCloseTo(1, 6);
    const shares = [0, 0.01, 0.05, 0.2].map((price) => program(1_000, price));
    for (let index = 1; index < shares.length; index += 1) {
      expect(shares[index]!.queries).toBeLessThanOrEqual(shares[index - 1]!.queries + 1e-9);
      expect(shares[index]!.share).toBeLessThanOrEqual(shares[index - 1]!.share + 1e-9);
    }
    expect(shares.at(-1)!.times.at(-1)).toBeCloseTo(30_000, 6);
  });

  it('keeps increasing times within the gaps and ends at the horizon', () => {
    const plan = planMedianSchedule(UNIFORM, { ...options, maxGapMs: 6_000 });
    const gaps = plan.times.map((at, index) => at - (plan.times[index - 1] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250 - 1e-6);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(6_000 + 1e-6);
    expect(plan.times.at(-1)).toBeCloseTo(30_000, 6);
  });

  it('bounds the stragglers by default (longest gap twice the poll interval) at a small cost in median', () => {
    const policy = hazard({ objective: 'median', targetQueries: 6 });
    const plan = policy.planFor('ReCaptchaV2TaskProxyLess', DEFAULT_LIMITS);
    const unbounded = planMedianSchedule(UNIFORM, options);
    const [bounded, free] = [latencyQuantiles(plan, UNIFORM), latencyQuantiles(unbounded, UNIFORM)];
    expect(bounded.p95).toBeLessThanOrEqual(2 * DEFAULT_LIMITS.pollIntervalMs);
    expect(free.p95).toBeGreaterThan(2 * bounded.p95);
    expect(bounded.median).toBeLessThan(free.median * 1.2);
  });
});

/** Any distribution, including broken ones (NaN, decreasing, out of range), with its description. */
const anyDistribution: fc.Arbitrary<SolveTimeDistribution> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 0, max: 400_000 }))
    .map(([a, b]) => uniformSolveTime(a, b)),
  fc
    .record({ medianMs: fc.integer({ min: 1, max: 200_000 }), sigma: fc.double({ min: 0.01, max: 3, noNaN: true }) })
    .map((options) => logNormalSolveTime(options)),
  fc
    .array(fc.double({ min: -1, max: 2 }), { minLength: 1, maxLength: 12 })
    .map((levels): SolveTimeDistribution => ({ cdf: (ms) => levels[Math.floor(ms / 10_000) % levels.length]! })),
  fc.constant<SolveTimeDistribution>({ cdf: () => Number.NaN, maxMs: Number.NaN }),
);

describe('hazard: the clamps hold whatever the plan says (property)', () => {
  it('never exceeds the query budget, the lifetime or the minimum gap', () => {
    fc.assert(
      fc.property(
        anyDistribution,
        anyLimits,
        fc.record({
          targetQueries: fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: undefined }),
          minGapMs: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
          cells: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
          objective: fc.constantFrom('mean' as const, 'median' as const, undefined),
          maxGapMs: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
        }),
        fc.integer({ min: 0, max: 50 }),
        fc.string(),
        (distribution, limits, options, roundTripMs, taskId) => {
          const policy = hazard({ ...options, distribution });
          const roundTrip = roundTripMs * (limits.pollIntervalMs / 3_000);
          // The task id picks the schedule of a plan with an alternate.
          const sent = queryTimes(policy, limits, Number.POSITIVE_INFINITY, roundTrip, { taskId });
          expectWithinRules(sent, limits);
        },
      ),
      { numRuns: 150 },
    );
  });
});
