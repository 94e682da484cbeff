import { describe, expect, it } from 'vitest';
import type { LatencyResult } from '../measureLatency.js';
import { evaluateTargets } from '../report/evaluateTargets.js';
import { verdictOf } from '../report/tables.js';
import { medianInterval, quantile, summarize } from '../stats.js';
import { olderOverhead, overhead } from './overheadFixtures.js';

function latency(
  contender: string,
  median: number,
  queriesPerTask: number,
  distribution: LatencyResult['distribution'] = 'uniform',
): LatencyResult {
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

const contenders = [
  'capkit-documented',
  'capkit-eager',
  'capkit-hazard',
  'capkit-learned',
  'capmonster',
  'anticaptcha',
  'fetch-loop',
  'raw-fetch',
].map((id) => ({ id, name: id, family: 'capkit' as const }));

const peers = [
  latency('capmonster', 1_500, 6.3),
  latency('anticaptcha', 1_100, 6.8),
  latency('fetch-loop', 1_450, 5.6),
];

describe('evaluateTargets', () => {
  it('meets the policy targets when a policy beats every peer, and names it', () => {
    const verdicts = evaluateTargets({
      contenders,
      latency: [
        latency('capkit-documented', 1_050, 5.5),
        latency('capkit-eager', 500, 20),
        latency('capkit-hazard', 700, 5.5),
        ...peers,
      ],
      overhead: [overhead('raw-fetch', 600, 20_000, 40), overhead('capkit-documented', 800, 9_000, 45)],
      bundles: [
        {
          id: 'capkit-browser-typical',
          package: '@capkit/browser',
          usage: 'typical',
          minifiedBytes: 40_000,
          gzipBytes: 9_000,
        },
        { id: 'capmonster-all', package: 'cm', usage: 'all', minifiedBytes: 60_000, gzipBytes: 10_000 },
      ],
    });
    // The two callback targets (issue 19) are not measured here.
    expect(verdicts.map((verdict) => verdict.met)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      null,
      null,
    ]);
    expect(verdicts[6]!.detail).toContain('capkit-hazard (700 ms, 5.50 queries/task)');
    expect(verdicts[7]!.detail).toContain('-36 %');
  });

  it('says by how much a target is missed', () => {
    const verdicts = evaluateTargets({
      contenders,
      latency: [latency('capkit-documented', 1_540, 6.3), latency('capkit-eager', 900, 20), ...peers],
      overhead: [overhead('raw-fetch', 600, 20_000, 40), overhead('capkit-documented', 1_200, 110_000, 80)],
      bundles: [
        {
          id: 'capkit-browser-typical',
          package: '@capkit/browser',
          usage: 'typical',
          minifiedBytes: 90_000,
          gzipBytes: 31_000,
        },
      ],
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

  it('judges the policy targets per distribution and says where they were missed', () => {
    const skewedPeers = peers.map((peer) => ({ ...peer, distribution: 'logNormal' as const }));
    const verdicts = evaluateTargets({
      contenders,
      latency: [
        latency('capkit-hazard', 700, 5.5),
        ...peers,
        latency('capkit-hazard', 1_200, 5.5, 'logNormal'),
        ...skewedPeers,
      ],
      overhead: [],
      bundles: [],
    });
    const [dominating, thirty] = verdicts.filter((verdict) => verdict.issue === 10);
    for (const verdict of [dominating, thirty]) {
      expect(verdict).toMatchObject({ met: false, byDistribution: { uniform: true, logNormal: false } });
      expect(verdictOf(verdict!)).toBe('missed on logNormal; met on uniform');
    }
    expect(verdictOf({ ...thirty!, byDistribution: { logNormal: false } })).toBe('missed');
    expect(verdictOf({ ...thirty!, met: null })).toBe('not measured');
  });

  it('judges memory on the settled heap per task and shows the peaks next to it', () => {
    const [, , cpu, memory] = evaluateTargets({
      contenders,
      latency: [],
      overhead: [overhead('raw-fetch', 400, 900, 17), overhead('capkit-documented', 800, 8_500, 27)],
      bundles: [],
    });
    expect(memory).toMatchObject({ met: true });
    expect(memory!.detail).toContain(
      '8.5 kB of heap per in-flight task once collected (a forced GC with all 10,000 tasks in flight)',
    );
    expect(memory!.detail).toContain(
      '12.8 kB of RSS then; peaks while polling (uncollected garbage included): 21.3 kB heap, 25.5 kB RSS.',
    );
    expect(memory!.detail).toContain('The raw floor holds 0.9 kB of heap per task');
    expect(cpu!.detail).not.toContain('source');
  });

  it('leaves memory unjudged when the settled sample is missing, and says why', () => {
    const older = evaluateTargets({
      contenders,
      latency: [],
      overhead: [olderOverhead('raw-fetch', 397, 11_100), olderOverhead('capkit-documented', 892, 123_100)],
      bundles: [],
    });
    expect(older[3]).toMatchObject({ met: null });
    expect(older[3]!.detail).toContain('this run predates the settled measurement');
    expect(older[3]!.detail).toContain('123.1 kB heap, 123.1 kB RSS per in-flight task, not judged.');
    // Judged, but flagged: those figures are of the TypeScript source, not the dist users run.
    expect(older[2]).toMatchObject({ met: false });
    expect(older[2]!.detail).toContain('capkit ran from its TypeScript source through tsx');

    const late = overhead('capkit-documented', 800, 8_500, 27, {
      settledHeapBytesPerTask: undefined,
      settledTasksInFlight: 9_990,
    });
    const [, , , memory] = evaluateTargets({
      contenders,
      latency: [],
      overhead: [overhead('raw-fetch', 400, 900, 17), late],
      bundles: [],
    });
    expect(memory).toMatchObject({ met: null });
    expect(memory!.detail).toContain('only 9990 of 10000 tasks were still in flight');
  });

  it('judges the callback targets (issue 19) against documented, per distribution', () => {
    const verdicts = evaluateTargets({
      contenders,
      latency: [
        latency('capkit-documented', 1_500, 5.5),
        { ...latency('capkit-callback', 80, 1.05), queriesPastLimits: 0 },
        { ...latency('capkit-callback-lost', 120, 2.4), queriesPastLimits: 0 },
        latency('capkit-documented', 1_500, 5.5, 'logNormal'),
        { ...latency('capkit-callback', 140, 1.05, 'logNormal'), queriesPastLimits: 0 },
        { ...latency('capkit-callback-lost', 120, 2.4, 'logNormal'), queriesPastLimits: 2 },
      ],
      overhead: [],
      bundles: [],
    });
    const [delivered, lost] = verdicts.filter((verdict) => verdict.issue === 19);
    expect(delivered).toMatchObject({ met: false, byDistribution: { uniform: true, logNormal: false } });
    expect(delivered!.detail).toContain('80 ms median');
    expect(lost).toMatchObject({ met: false, byDistribution: { uniform: true, logNormal: false } });
    expect(lost!.detail).toContain('2 queries past the budget or lifetime');
  });

  it('reports targets a run did not measure as such', () => {
    expect(
      evaluateTargets({ contenders, latency: [], overhead: [], bundles: [] }).map((verdict) => verdict.met),
    ).toEqual([null, null, null, null, null, null, null, null, null, null]);
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
