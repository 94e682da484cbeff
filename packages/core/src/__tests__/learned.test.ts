import { TASK_TYPES, type TaskType } from '@capkit/api';
import { fixed as fixedSolveTime } from '@capkit/emulator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskProgress, TaskStep } from '../client/types.js';
import { ConfigurationError } from '../errors/clientErrors.js';
import { DEFAULT_LIMITS, scaleLimits } from '../limits.js';
import { mulberry32 } from '../mulberry32.js';
import { createSolveTimeModel, type SolveTimeModelJSON } from '../policies/createSolveTimeModel.js';
import { documentedWindow, hazard } from '../policies/hazard.js';
import { learned } from '../policies/learned.js';
import { evaluateSchedule } from '../policies/planPollSchedule.js';
import { logNormalSolveTime, type SolveTimeDistribution } from '../policies/solveTimeDistribution.js';
import { clientFor, emulator, recaptchaTask } from './helpers/emulator.js';
import { anyLimits, expectWithinRules, queryTimes } from './helpers/simulatePolls.js';

const TYPE = 'AntiTurnstileTaskProxyLess';
const TRUTH = logNormalSolveTime({ medianMs: 8_000, sigma: 0.3, minMs: 1_000, maxMs: 120_000 });

/** Solve times drawn from `truth` (inverse CDF by bisection), each seen by polls `gapMs` apart. */
function observationsFromTruth(
  count: number,
  gapMs = 500,
  seed = 1,
  truth = TRUTH,
): Array<{ pendingAtMs: number; readyAtMs: number }> {
  // Seeded, so the learned data is the same every run.
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const target = random();
    let [low, high] = [0, 120_000];
    for (let round = 0; round < 40; round += 1) {
      const middle = (low + high) / 2;
      if (truth.cdf(middle) < target) low = middle;
      else high = middle;
    }
    const readyAtMs = Math.ceil(high / gapMs) * gapMs;
    return { pendingAtMs: readyAtMs - gapMs, readyAtMs };
  });
}

describe('createSolveTimeModel', () => {
  it('starts from the documented 1–30 s window', () => {
    const model = createSolveTimeModel();
    expect(model.distribution(TYPE, DEFAULT_LIMITS)).toBe(documentedWindow(DEFAULT_LIMITS));
    expect(model.size()).toBe(0);
  });

  it('spreads each observation over its interval and blends it with the prior', () => {
    const model = createSolveTimeModel({ priorWeight: 8 });
    model.observe(TYPE, { pendingAtMs: 2_000, readyAtMs: 4_000 });
    const distribution = model.distribution(TYPE, DEFAULT_LIMITS);
    const prior = documentedWindow(DEFAULT_LIMITS);
    expect(distribution.cdf(3_000)).toBeCloseTo((8 * prior.cdf(3_000) + 0.5) / 9, 12);
    expect(distribution.cdf(4_000)).toBeCloseTo((8 * prior.cdf(4_000) + 1) / 9, 12);
    // Other types still see the prior only.
    expect(model.distribution('ImageToTextTask', DEFAULT_LIMITS)).toBe(prior);
  });

  it('learns a log-normal distribution from interval observations', () => {
    const model = createSolveTimeModel();
    for (const observation of observationsFromTruth(256)) model.observe(TYPE, observation);
    const distribution = model.distribution(TYPE, DEFAULT_LIMITS);
    for (const ms of [5_000, 6_500, 8_000, 10_000, 13_000]) {
      expect(Math.abs(distribution.cdf(ms) - TRUTH.cdf(ms))).toBeLessThan(0.06);
    }
  });

  it('keeps at most maxSamples per type and follows drift', () => {
    const model = createSolveTimeModel({ maxSamples: 16 });
    for (let index = 0; index < 100; index += 1) model.observe(TYPE, { pendingAtMs: 20_000, readyAtMs: 21_000 });
    expect(model.size(TYPE)).toBe(16);
    for (let index = 0; index < 200; index += 1) model.observe(TYPE, { pendingAtMs: 2_000, readyAtMs: 3_000 });
    expect(model.size(TYPE)).toBe(16);
    // Each new observation replaces a random kept one: after 200, none of the old ones is left.
    expect(model.toJSON().types[TYPE]).toEqual(Array.from({ length: 16 }, () => [2_000, 3_000]));
  });

  it('does not favour the tasks of a batch that finish first when it is full', () => {
    // A batch of tasks completes fastest-first; dropping the oldest would keep only the slow ones.
    const model = createSolveTimeModel({ maxSamples: 64 });
    for (let round = 0; round < 3; round += 1) {
      for (let index = 0; index < 60; index += 1)
        model.observe(TYPE, { pendingAtMs: index * 500, readyAtMs: index * 500 + 500 });
    }
    const kept = model.toJSON().types[TYPE]!.map(([, ready]) => ready);
    const fast = kept.filter((ready) => ready <= 15_000).length;
    expect(fast / kept.length).toBeGreaterThan(0.35);
    expect(fast / kept.length).toBeLessThan(0.65);
  });

  it('keeps at most maxTypes types, forgetting the least recently observed', () => {
    const model = createSolveTimeModel({ maxTypes: 2 });
    model.observe('a', { readyAtMs: 1_000 });
    model.observe('b', { readyAtMs: 1_000 });
    model.observe('a', { readyAtMs: 1_000 });
    model.observe('c', { readyAtMs: 1_000 });
    expect([model.size('a'), model.size('b'), model.size('c')]).toEqual([2, 0, 1]);
  });

  it('ignores observations that cannot be solve times', () => {
    const model = createSolveTimeModel();
    const bad = [
      { readyAtMs: Number.NaN },
      { readyAtMs: -1 },
      { readyAtMs: Number.POSITIVE_INFINITY },
      { readyAtMs: 7_200_000 },
      { pendingAtMs: 5_000, readyAtMs: 4_000 },
      { pendingAtMs: -5, readyAtMs: 4_000 },
    ];
    for (const observation of bad) model.observe(TYPE, observation);
    expect(model.size()).toBe(0);
    model.observe(undefined, { readyAtMs: 4_000 });
    expect(model.size('*')).toBe(1);
  });

  it('returns the same distribution until a tenth more observations arrived', () => {
    const model = createSolveTimeModel();
    for (const observation of observationsFromTruth(100)) model.observe(TYPE, observation);
    const first = model.distribution(TYPE, DEFAULT_LIMITS);
    for (const observation of observationsFromTruth(9, 500, 2)) model.observe(TYPE, observation);
    expect(model.distribution(TYPE, DEFAULT_LIMITS)).toBe(first);
    model.observe(TYPE, { pendingAtMs: 7_000, readyAtMs: 7_500 });
    expect(model.distribution(TYPE, DEFAULT_LIMITS)).not.toBe(first);
  });

  it('round-trips through JSON, directly or as `from`', () => {
    const model = createSolveTimeModel({ maxSamples: 64 });
    for (const observation of observationsFromTruth(80)) model.observe(TYPE, observation);
    const json = JSON.parse(JSON.stringify(model)) as SolveTimeModelJSON;
    expect(json).toMatchObject({ version: 1, maxSamples: 64 });
    expect(json.types[TYPE]).toHaveLength(64);
    for (const restored of [createSolveTimeModel(json), createSolveTimeModel({ from: json })]) {
      expect(restored.toJSON()).toEqual(model.toJSON());
      const [before, after] = [model, restored].map((item) => item.distribution(TYPE, DEFAULT_LIMITS));
      for (const ms of [3_000, 8_000, 20_000]) expect(after!.cdf(ms)).toBe(before!.cdf(ms));
    }
  });

  it('restores what it can from damaged JSON', () => {
    const damaged = {
      version: 1,
      maxSamples: 4,
      types: { [TYPE]: [[1_000, 2_000], [3_000, 'a'], null, [5_000, 1_000], [0, 1e12], [2_000, 2_500]], other: 'nope' },
    } as unknown as SolveTimeModelJSON;
    const model = createSolveTimeModel(damaged);
    expect(model.toJSON().types).toEqual({ [TYPE]: [[2_000, 2_500]] });
    expect(model.size()).toBe(1);
  });

  it('tells the traffic mix: each observed type with its count, most observed first', () => {
    const model = createSolveTimeModel();
    expect(model.traffic()).toEqual([]);
    for (const observation of observationsFromTruth(3)) model.observe(TYPE, observation);
    for (const observation of observationsFromTruth(5)) model.observe(undefined, observation);
    expect(model.traffic()).toEqual([
      { taskType: undefined, observed: 5 },
      { taskType: TYPE, observed: 3 },
    ]);
  });

  it('refuses nonsense options', () => {
    expect(() => createSolveTimeModel({ maxSamples: 0 })).toThrow(ConfigurationError);
    expect(() => createSolveTimeModel({ maxTypes: 1.5 })).toThrow(ConfigurationError);
    expect(() => createSolveTimeModel({ priorWeight: 0 })).toThrow(ConfigurationError);
  });

  it('learns from a batch in the order its tasks started, once the earlier ones ended', () => {
    const model = createSolveTimeModel();
    const progress = (state: TaskProgress['state'], elapsedMs: number, queries: number): TaskProgress => ({
      state,
      elapsedMs,
      queries,
      maxQueries: 120,
      remainingMs: 1,
      done: state === 'ready' || state === 'error',
    });
    const [slow, fast, failed, last] = [1, 2, 3, 4].map(() => model.observer(TYPE));
    for (const listen of [slow, fast, failed, last]) listen!(progress('creating', 0, 0));
    // The fast task finishes first: it waits for the slow one, started before it.
    fast!(progress('ready', 2_000, 1));
    expect(model.size(TYPE)).toBe(0);
    slow!(progress('ready', 9_000, 3));
    expect(model.toJSON().types[TYPE]).toEqual([
      [0, 9_000],
      [0, 2_000],
    ]);
    // A failed task teaches nothing and holds nothing back.
    failed!(progress('error', 5_000, 2));
    last!(progress('ready', 4_000, 2));
    expect(model.toJSON().types[TYPE]).toHaveLength(3);
  });

  it('reads solve intervals from a task progress stream', () => {
    const model = createSolveTimeModel();
    const listen = model.observer(TYPE);
    const step = (at: TaskProgress['state'] | TaskStep, elapsedMs: number, queries: number) => {
      const polling = at === 'waiting' || at === 'querying';
      const state = polling ? 'processing' : at;
      listen({
        state,
        ...(polling && { step: at }),
        elapsedMs,
        queries,
        maxQueries: 120,
        remainingMs: 1,
        done: state === 'ready' || state === 'error',
      });
    };
    step('creating', 0, 0);
    step('waiting', 5, 0);
    step('querying', 4_000, 1);
    step('waiting', 4_010, 1);
    step('querying', 7_000, 2);
    step('ready', 7_012, 2);
    step('ready', 7_013, 2);
    // Send times: the answers' 10–12 ms (a slow network, a loaded client) teach nothing.
    expect(model.toJSON().types[TYPE]).toEqual([[4_000, 7_000]]);
  });
});

describe('learned', () => {
  it('plans like hazard() while it knows nothing', () => {
    const policy = learned();
    expect(policy.planFor(TYPE, DEFAULT_LIMITS).times).toEqual(hazard().planFor(TYPE, DEFAULT_LIMITS).times);
  });

  it('after learning, beats a 3 s loop on both axes and nears the plan made from the truth', () => {
    const policy = learned();
    for (const observation of observationsFromTruth(200)) policy.model.observe(TYPE, observation);
    const every3s = Array.from({ length: 14 }, (_, index) => (index + 1) * 3_000);
    const loop = evaluateSchedule(every3s, TRUTH);
    const fromData = evaluateSchedule(policy.planFor(TYPE, DEFAULT_LIMITS).times, TRUTH);
    const fromTruth = evaluateSchedule(hazard({ distribution: TRUTH }).planFor(TYPE, DEFAULT_LIMITS).times, TRUTH);
    expect(fromData.expectedQueries).toBeLessThanOrEqual(loop.expectedQueries);
    expect(fromData.expectedLatencyMs).toBeLessThan(0.6 * loop.expectedLatencyMs);
    expect(fromData.expectedLatencyMs).toBeLessThan(1.15 * fromTruth.expectedLatencyMs);
    // The prior alone wastes its queries on this traffic: it is the learning that pays.
    const fromPrior = evaluateSchedule(hazard().planFor(TYPE, DEFAULT_LIMITS).times, TRUTH);
    expect(fromData.expectedLatencyMs).toBeLessThan(0.5 * fromPrior.expectedLatencyMs);
  });

  it('with the median objective, plans the traffic as a whole: a lower median for all tasks at the same mean budget', () => {
    // A fast type and a slow one, as the benchmark's mixture: medians of 3 s and 15 s.
    const SLOW = 'ReCaptchaV2TaskProxyLess';
    const fast = logNormalSolveTime({ medianMs: 3_000, sigma: 0.5, minMs: 1_000, maxMs: 45_000 });
    const slow = logNormalSolveTime({ medianMs: 15_000, sigma: 0.3, minMs: 1_000, maxMs: 45_000 });
    const model = createSolveTimeModel();
    for (const observation of observationsFromTruth(150, 500, 1, fast)) model.observe(TYPE, observation);
    for (const observation of observationsFromTruth(150, 500, 2, slow)) model.observe(SLOW, observation);
    const traffic = learned({ model, objective: 'median', targetQueries: 4 });
    const perType = hazard({
      objective: 'median',
      targetQueries: 4,
      distribution: (type, limits) => model.distribution(type, limits),
    });
    const measure = (policy: typeof perType) =>
      trafficLatencies([
        [policy.planFor(TYPE, DEFAULT_LIMITS).times, fast],
        [policy.planFor(SLOW, DEFAULT_LIMITS).times, slow],
      ]);
    const [joint, alone] = [measure(traffic), measure(perType)];
    expect(joint.queries).toBeLessThanOrEqual(4.1);
    expect(alone.queries).toBeLessThanOrEqual(4.1);
    expect(joint.median).toBeLessThan(0.8 * alone.median);
    // One bound for the traffic; a type never observed is planned alone, from the documented window.
    expect(traffic.planFor(TYPE, DEFAULT_LIMITS).medianLatencyMs).toBe(
      traffic.planFor(SLOW, DEFAULT_LIMITS).medianLatencyMs,
    );
    expect(traffic.planFor('AntiAwsWafTaskProxyLess', DEFAULT_LIMITS).times).toEqual(
      hazard({ objective: 'median', targetQueries: 4 }).planFor('AntiAwsWafTaskProxyLess', DEFAULT_LIMITS).times,
    );
  });

  it('plans at most the 8 most observed types together, and plans again when one of them learned more', () => {
    const model = createSolveTimeModel();
    // Nine task types, the first the most observed, the last the least: it falls outside the joint plan.
    const types = (Object.keys(TASK_TYPES) as TaskType[])
      .filter((type) => TASK_TYPES[type].mode === 'async')
      .slice(0, 9);
    expect(types).toHaveLength(9);
    types.forEach((type, index) => {
      for (const observation of observationsFromTruth(20 - index, 500, index + 1)) model.observe(type, observation);
    });
    const [first, eighth, ninth] = [types[0]!, types[7]!, types[8]!];
    const policy = learned({ model, objective: 'median', targetQueries: 4 });
    const joint = policy.planFor(first, DEFAULT_LIMITS);
    expect(policy.planFor(eighth, DEFAULT_LIMITS).medianLatencyMs).toBe(joint.medianLatencyMs);
    const alone = hazard({
      objective: 'median',
      targetQueries: 4,
      distribution: (type, limits) => model.distribution(type, limits),
    });
    expect(policy.planFor(ninth, DEFAULT_LIMITS).times).toEqual(alone.planFor(ninth, DEFAULT_LIMITS).times);
    // Cached while nothing changed; recomputed once the first type's estimate moved (a tenth more observations).
    expect(policy.planFor(first, DEFAULT_LIMITS)).toBe(joint);
    for (const observation of observationsFromTruth(5, 500, 99))
      model.observe(first, { pendingAtMs: observation.pendingAtMs * 3, readyAtMs: observation.readyAtMs * 3 });
    expect(policy.planFor(first, DEFAULT_LIMITS)).not.toBe(joint);
  });

  it('shares one model between policies, per task type', () => {
    const model = createSolveTimeModel();
    const [one, two] = [learned({ model }), learned({ model, targetQueries: 12 })];
    one.observer(TYPE)({ state: 'ready', elapsedMs: 3_000, queries: 1, maxQueries: 120, remainingMs: 1, done: true });
    expect(two.model.size(TYPE)).toBe(1);
  });

  it('learns from the real tasks it polls over HTTP, with no wiring (the client tracks them)', async () => {
    const target = await emulator({ solveTime: fixedSolveTime(8_000) });
    const policy = learned();
    const client = clientFor(target, { pollPolicy: policy });
    const results = await Promise.all(Array.from({ length: 8 }, () => client.solve(recaptchaTask)));
    expect(results.every((result) => result.queries >= 1)).toBe(true);
    const samples = policy.model.toJSON().types[recaptchaTask.type] ?? [];
    expect(samples).toHaveLength(8);
    // 8 s of service time at the emulator's 0.01 scale: no task can be seen solved by a query sent
    // sooner than 80 ms after createTask was sent, give or take the difference between the two
    // requests' trips (a few ms on loopback).
    for (const [pending, ready] of samples) {
      expect(pending).toBeLessThan(ready);
      expect(ready).toBeGreaterThanOrEqual(70);
    }
    expect(target.stats().queriesOverBudget).toBe(0);
  });

  it('is tracked per solve too, and its observer feeds it from tasks run under another policy', async () => {
    const target = await emulator({ solveTime: fixedSolveTime(8_000) });
    const policy = learned();
    const client = clientFor(target);
    await client.solve(recaptchaTask, { pollPolicy: policy });
    expect(policy.model.size(recaptchaTask.type)).toBe(1);
    // Under the client's default policy: only the observer records it.
    await client.solve(recaptchaTask, { onProgress: policy.observer(recaptchaTask.type) });
    expect(policy.model.size(recaptchaTask.type)).toBe(2);
    await client.solve(recaptchaTask);
    expect(policy.model.size(recaptchaTask.type)).toBe(2);
  });

  it('a policy whose track() throws only costs a warning', async () => {
    const target = await emulator({ solveTime: fixedSolveTime(2_000) });
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message), error() {} };
    const pollPolicy = Object.assign(() => 100, {
      track: () => {
        throw new Error('broken tracker');
      },
    });
    await expect(clientFor(target, { logger, pollPolicy }).solve(recaptchaTask)).resolves.toHaveProperty('solution');
    expect(warnings.some((message) => message.includes('track() threw'))).toBe(true);
  });
});

/** Median latency (ready → seen) and mean queries of equally weighted task types, each polled at its `times`. */
function trafficLatencies(types: ReadonlyArray<readonly [readonly number[], SolveTimeDistribution]>): {
  median: number;
  queries: number;
} {
  const latencies: number[] = [];
  let queries = 0;
  for (const [times, truth] of types) {
    for (let index = 0; index < 1_000; index += 1) {
      const share = (index + 0.5) / 1_000;
      let [low, high] = [0, 120_000];
      for (let round = 0; round < 40; round += 1) {
        const middle = (low + high) / 2;
        if (truth.cdf(middle) < share) low = middle;
        else high = middle;
      }
      const seen = times.findIndex((at) => at >= high);
      latencies.push(seen < 0 ? 3_000 : times[seen]! - high);
      queries += (seen < 0 ? times.length : seen + 1) / (1_000 * types.length);
    }
  }
  latencies.sort((a, b) => a - b);
  return { median: latencies[latencies.length / 2]!, queries };
}

describe('learned: the clamps hold whatever the learned data says (property)', () => {
  const anyNumber = fc.oneof(
    fc.double({ min: -1e6, max: 1e7 }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0, 1e-9, 3_600_000),
  );

  it('never exceeds the query budget, the lifetime or the minimum gap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyNumber, anyNumber), { maxLength: 40 }),
        fc.array(fc.tuple(anyNumber, anyNumber), { maxLength: 20 }),
        anyLimits,
        fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: undefined }),
        fc.constantFrom('mean' as const, 'median' as const),
        fc.string(),
        (pairs, otherPairs, limits, targetQueries, objective, taskId) => {
          // A second type, so median plans are made for a traffic mix.
          const json = { version: 1, maxSamples: 64, types: { [TYPE]: pairs, '*': otherPairs } } as SolveTimeModelJSON;
          const policy = learned({ model: createSolveTimeModel(json), targetQueries, cells: 120, objective });
          // The task id picks the schedule of a median plan with an alternate.
          const sent = queryTimes((ctx) => policy({ ...ctx, taskType: TYPE }), limits, Number.POSITIVE_INFINITY, 0, {
            taskId,
          });
          expectWithinRules(sent, limits);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('stays inside a short lifetime when the learned times exceed it (data from an unscaled client)', () => {
    const model = createSolveTimeModel();
    for (const observation of observationsFromTruth(50)) model.observe(TYPE, observation);
    const scaled = scaleLimits(0.01);
    expectWithinRules(
      queryTimes((ctx) => learned({ model })({ ...ctx, taskType: TYPE }), scaled),
      scaled,
    );
  });
});
