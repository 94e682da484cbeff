import { describe, expect, it } from 'vitest';
import type { LatencyResult } from '../measureLatency.js';
import type { OverheadResult } from '../overhead/measureOverhead.js';
import { evaluateTargets } from '../report/evaluateTargets.js';
import { medianInterval, quantile, summarize } from '../stats.js';

function latency(contender: string, median: number, queriesPerTask: number, distribution: LatencyResult['distribution'] = 'uniform'): LatencyResult {
  return {
    contender,
    distribution,
    tasks: 200,
    solved: 200,
    failures: 0,
    latencyMs: { median, medianCi95: [median * 0.9, median * 1.1], p95: median * 2, mean: median },
    queriesPerTask,
    meanSolveTimeMs: 15_500,
    errors: [],
  };
}

function overhead(contender: string, cpu: number, rss: number, p99: number): OverheadResult {
  return {
    contender,
    tasks: 10_000,
    polls: 20_000,
    cpuMsPer1000Polls: cpu,
    cpuMsPerCreatedTask: cpu / 1_000,
    cpuMsPer1000PollsOverall: cpu,
    rssBytesPerTask: rss,
    heapBytesPerTask: rss,
    eventLoopDelayMs: { p50: 10, p99, max: p99 * 2 },
    pollingCpuLoad: 0.3,
    created: 10_000,
    creatingMs: 10_000,
    wallMs: 60_000,
    failures: 0,
  };
}

const contenders = ['capkit-documented', 'capkit-eager', 'capkit-hazard', 'capkit-learned', 'capmonster', 'anticaptcha', 'fetch-loop', 'raw-fetch'].map(
  (id) => ({ id, name: id, family: 'capkit' as const }),
);

const peers = [latency('capmonster', 1_500, 6.3), latency('anticaptcha', 1_100, 6.8), latency('fetch-loop', 1_450, 5.6)];

describe('evaluateTargets', () => {
  it('meets the policy targets when a policy beats every peer, and names it', () => {
    const verdicts = evaluateTargets({
      contenders,
      latency: [latency('capkit-documented', 1_050, 5.5), latency('capkit-eager', 500, 20), latency('capkit-hazard', 700, 5.5), ...peers],
      overhead: [overhead('raw-fetch', 600, 20_000, 40), overhead('capkit-documented', 800, 9_000, 45)],
      bundles: [
        { id: 'capkit-browser-typical', package: '@capkit/browser', usage: 'typical', minifiedBytes: 40_000, gzipBytes: 9_000 },
        { id: 'capmonster-all', package: 'cm', usage: 'all', minifiedBytes: 60_000, gzipBytes: 10_000 },
      ],
    });
    expect(verdicts.map((verdict) => verdict.met)).toEqual([true, true, true, true, true, true, true, true]);
    expect(verdicts[6]!.detail).toContain('capkit-hazard (700 ms, 5.50 queries/task)');
    expect(verdicts[7]!.detail).toContain('-36 %');
  });

  it('says by how much a target is missed', () => {
    const verdicts = evaluateTargets({
      contenders,
      latency: [latency('capkit-documented', 1_540, 6.3), latency('capkit-eager', 900, 20), ...peers],
      overhead: [overhead('raw-fetch', 600, 20_000, 40), overhead('capkit-documented', 1_200, 110_000, 80)],
      bundles: [{ id: 'capkit-browser-typical', package: '@capkit/browser', usage: 'typical', minifiedBytes: 90_000, gzipBytes: 31_000 }],
    });
    const [documented, eager, cpu, memory, loop, bundle, dominating, thirty] = verdicts;
    expect(documented).toMatchObject({ met: false });
    expect(documented!.detail).toContain('vs anticaptcha: 1540 ms vs 1100 ms (+440 ms)');
    expect(eager!.detail).toContain('Missed by 300 ms');
    expect(cpu!.detail).toContain('2.00x');
    expect(memory!.detail).toContain('Missed by 100.0 kB');
    expect(loop!.detail).toContain('Missed by 30.0 ms');
    expect(bundle!.detail).toContain('11.0 kB over the budget');
    expect(dominating).toMatchObject({ met: false });
    expect(thirty).toMatchObject({ met: false });
  });

  it('reports targets a run did not measure as such', () => {
    expect(evaluateTargets({ contenders, latency: [], overhead: [], bundles: [] }).map((verdict) => verdict.met)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('stats', () => {
  it('interpolates quantiles', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.95)).toBe(19.5);
    expect(summarize([1, 2, 3])).toEqual({ median: 2, medianCi95: [1, 3], p95: 2.9, mean: 2 });
  });

  it('gives the median a distribution-free 95 % interval', () => {
    const values = Array.from({ length: 200 }, (_, index) => index);
    // Ranks 100 ± 0.98 √200 (about 14): the 86th and 114th values.
    expect(medianInterval(values)).toEqual([86, 114]);
  });
});
