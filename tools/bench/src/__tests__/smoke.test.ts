import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResults } from '../report/BenchResults.js';
import { BENCH_DIR, SOURCE_FLAGS } from '../process/spawnTs.js';

const RUN = fileURLToPath(new URL('../run.ts', import.meta.url));

/** Runs `npm run bench -- <args>` as a user would (its own process). */
function runBench(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...SOURCE_FLAGS, RUN, ...args], { cwd: BENCH_DIR });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --smoke', () => {
  let out: string;
  let run: Awaited<ReturnType<typeof runBench>>;
  let results: BenchResults;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'capkit-bench-test-'));
    run = await runBench(['--smoke', '--out', out]);
    results = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8')) as BenchResults;
  }, 120_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('exits cleanly and prints the tables', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Latency after ready');
    expect(run.stdout).toContain('Overhead');
    expect(run.stdout).toContain('Targets');
  });

  it('solves every task of every client on every distribution, against the same solve times', () => {
    const distributions = new Set(results.latency.map((entry) => entry.distribution));
    expect([...distributions]).toEqual(['uniform', 'logNormal', 'mixture']);
    for (const distribution of distributions) {
      const rows = results.latency.filter((entry) => entry.distribution === distribution);
      expect(rows.map((entry) => entry.contender)).toEqual([
        'capkit-documented',
        'capkit-eager',
        'capkit-hazard',
        'capkit-hazard-median',
        'capkit-learned',
        'capkit-learned-median',
        'capkit-callback',
        'capkit-callback-lost',
        'capmonster',
        'anticaptcha',
        'fetch-loop',
        // The second round: hazard and learned, median, with the best peer's queries per task.
        'capkit-hazard-matched',
        'capkit-learned-matched',
      ]);
      for (const entry of rows) {
        expect(entry, `${distribution}/${entry.contender}: ${entry.errors.join('; ')}`).toMatchObject({
          failures: 0,
          solved: results.profile.latency.tasks,
        });
        expect(entry.queriesPerTask).toBeGreaterThanOrEqual(1);
        expect(entry.latencyMs.median).toBeGreaterThanOrEqual(0);
      }
      // Same seed, same distribution: every client drew the same solve times.
      expect(new Set(rows.map((entry) => entry.meanSolveTimeMs)).size).toBe(1);
    }
    expect(
      results.warmUp.every((entry) => Object.values(entry.samples).reduce((a, b) => a + b, 0) === entry.tasks),
    ).toBe(true);
  });

  it('measures overhead against the raw fetch floor', () => {
    expect(results.overhead.map((entry) => entry.contender)).toEqual(['raw-fetch', 'capkit-documented']);
    for (const entry of results.overhead) {
      expect(entry.failures).toBe(0);
      expect(entry.created).toBe(results.profile.overhead.tasks);
      expect(entry.polls).toBeGreaterThan(0);
      expect(entry.cpuMsPer1000Polls).toBeGreaterThan(0);
      expect(entry.eventLoopDelayMs.p99).toBeGreaterThan(0);
      // The settled sample came while every task was still in flight.
      expect(entry.settledTasksInFlight).toBe(entry.tasks);
      expect(entry.settledHeapBytesPerTask).toBeTypeOf('number');
      expect(entry.settledRssBytesPerTask).toBeTypeOf('number');
    }
    // capkit from its built dist, as users run it, although this run itself runs from source.
    expect(results.overhead.find((entry) => entry.contender === 'capkit-documented')!.capkitFrom).toBe('dist');
    expect(Object.keys(results.distFreshness)).toEqual(['@capkit/api', '@capkit/core', '@capkit/node']);
  });

  it('sizes every bundle and times every cold start', () => {
    expect(results.bundles.map((bundle) => [bundle.id, bundle.error])).toEqual(
      results.bundles.map((bundle) => [bundle.id, undefined]),
    );
    for (const bundle of results.bundles) expect(bundle.gzipBytes).toBeLessThan(bundle.minifiedBytes!);
    expect(results.coldStart.map((entry) => entry.id)).toEqual(['capkit-node', 'capmonster', 'anticaptcha']);
  });

  it('judges every target and writes the report with its chart', async () => {
    expect(results.targets).toHaveLength(10);
    expect(results.targets.every((target) => target.met !== null && target.detail.length > 0)).toBe(true);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    for (const heading of [
      '## Targets',
      '## 1. Result latency',
      '## 2. Client overhead',
      '## 3. Browser bundle',
      '## 4. Cold start',
      '## How it is measured',
    ]) {
      expect(report).toContain(heading);
    }
    const svg = await readFile(join(out, 'latency-vs-queries.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // One dot per client and distribution, plus the legend's.
    expect(svg.match(/<circle/g)).toHaveLength(results.latency.length + 13);
  });

  it('re-renders the same report from its latest.json', async () => {
    const before = await readFile(join(out, 'report.md'), 'utf8');
    const rendered = await runBench(['--render', join(out, 'latest.json')]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toBe(before);
  });
});
