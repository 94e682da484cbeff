import { describe, expect, it } from 'vitest';
import type { OverheadResult } from '../overhead/measureOverhead.js';
import { PROFILES } from '../profiles.js';
import type { BenchResults } from '../report/BenchResults.js';
import { evaluateTargets } from '../report/evaluateTargets.js';
import { renderReport } from '../report/renderReport.js';
import { overheadRows } from '../report/tables.js';
import { olderOverhead, overhead } from './overheadFixtures.js';

/** A full-profile run that measured only overhead. */
function run(entries: OverheadResult[], distFreshness: BenchResults['distFreshness'] = {}): BenchResults {
  const measured: Omit<BenchResults, 'targets'> = {
    version: 1,
    profile: PROFILES.full,
    generatedAt: '2026-11-24T09:00:00.000Z',
    measuredAt: { overhead: '2026-11-24T09:05:00.000Z' },
    durationMs: 300_000,
    machine: {
      node: '20.20.2',
      platform: 'linux x64',
      cpus: 2,
      cpuModel: 'AMD EPYC',
      loadAverage: { start: [0.5, 0.5, 0.5], end: [1, 1, 1] },
    },
    distributions: [],
    contenders: [
      { id: 'raw-fetch', name: 'raw fetch floor', family: 'baseline' },
      { id: 'capkit-documented', name: 'capkit documented (default)', family: 'capkit' },
    ],
    latency: [],
    frontier: [],
    warmUp: [],
    overhead: entries,
    bundles: [],
    coldStart: [],
    distFreshness,
  };
  return { ...measured, targets: evaluateTargets(measured) };
}

describe('the overhead table and section', () => {
  it('shows settled heap, settled RSS, peak heap and peak RSS per task, in kB', () => {
    const { header, rows } = overheadRows(
      run([overhead('raw-fetch', 400, 900, 17), overhead('capkit-documented', 800, 8_500, 27)]),
    );
    expect(header.slice(5, 9)).toEqual([
      'settled heap kB / task',
      'settled RSS kB / task',
      'peak heap kB / task',
      'peak RSS kB / task',
    ]);
    expect(rows[1]!.slice(0, 9)).toEqual([
      'capkit documented (default)',
      '800',
      '2.00x',
      '0.80',
      '2.00x',
      '8.5',
      '12.8',
      '21.3',
      '25.5',
    ]);
  });

  it('renders a run from before the settled sample with "–" and says capkit ran from source', () => {
    const older = run([olderOverhead('raw-fetch', 397, 11_100), olderOverhead('capkit-documented', 892, 123_100)]);
    expect(overheadRows(older).rows[1]!.slice(5, 9)).toEqual(['–', '–', '123.1', '123.1']);
    const report = renderReport(older);
    expect(report).toContain('In this run capkit ran from its TypeScript source through tsx');
    expect(report).toMatch(/\| #8 \| memory at most 10 kB per in-flight task \| not measured \|/);
  });

  it('says the memory verdict uses the settled heap, that capkit ran from its dist, and when that dist is stale', () => {
    const current = run([overhead('raw-fetch', 400, 900, 17), overhead('capkit-documented', 800, 8_500, 27)], {
      '@capkit/core': { builtAt: '2026-11-24T08:00:00.000Z', sourceChangedAt: '2026-11-24T08:30:00.000Z', stale: true },
      '@capkit/node': {
        builtAt: '2026-11-24T08:00:00.000Z',
        sourceChangedAt: '2026-11-24T07:00:00.000Z',
        stale: false,
      },
    });
    const section = renderReport(current).split('## 2. Client overhead')[1]!.split('## 3.')[0]!;
    expect(section).toContain('capkit runs from its built `dist`, as users get it.');
    expect(section).toContain('Note: the `dist` of @capkit/core is older than its source');
    expect(section).toContain('The memory target is judged on the settled heap, because it is what the tasks hold');
    expect(renderReport(current)).toMatch(/\| #8 \| memory at most 10 kB per in-flight task \| \*\*met\*\* \|/);
  });
});
