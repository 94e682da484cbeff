import type { BenchResults, TargetVerdict } from './BenchResults.js';
import { msText } from './formatTable.js';

const nameOf = (results: BenchResults, id: string) =>
  results.contenders.find((contender) => contender.id === id)?.name ?? id;
const kB = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / 1_000).toFixed(1));

/** Latency rows of one distribution: median, p95, mean (ms after ready), queries per task, failures. */
export function latencyRows(results: BenchResults, distribution: string): { header: string[]; rows: string[][] } {
  return {
    header: ['client', 'median ms', 'median 95% CI', 'p95 ms', 'mean ms', 'queries/task', 'solved', 'failures'],
    rows: results.latency
      .filter((entry) => entry.distribution === distribution)
      .map((entry) => [
        nameOf(results, entry.contender),
        msText(entry.latencyMs.median),
        `${msText(entry.latencyMs.medianCi95[0])}–${msText(entry.latencyMs.medianCi95[1])}`,
        msText(entry.latencyMs.p95),
        msText(entry.latencyMs.mean),
        entry.queriesPerTask.toFixed(2),
        `${entry.solved}/${entry.tasks}`,
        String(entry.failures),
      ]),
  };
}

/**
 * Overhead rows, with ratios to the raw fetch floor. Memory per in-flight task: the settled heap (after
 * a forced GC, what the memory target is judged on), then settled RSS and the peaks sampled while
 * polling; runs from before the settled sample show "–" there.
 */
export function overheadRows(results: BenchResults): { header: string[]; rows: string[][] } {
  const floor = results.overhead.find((entry) => entry.contender === 'raw-fetch');
  const ratio = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}x` : '–');
  return {
    header: [
      'client',
      'CPU ms / 1k polls',
      'vs floor',
      'CPU ms / task created',
      'vs floor',
      'settled heap kB / task',
      'settled RSS kB / task',
      'peak heap kB / task',
      'peak RSS kB / task',
      'loop p99 ms',
      'loop max ms',
      'failures',
    ],
    rows: results.overhead.map((entry) => [
      nameOf(results, entry.contender),
      entry.cpuMsPer1000Polls.toFixed(0),
      ratio(entry.cpuMsPer1000Polls, floor?.cpuMsPer1000Polls),
      entry.cpuMsPerCreatedTask.toFixed(2),
      ratio(entry.cpuMsPerCreatedTask, floor?.cpuMsPerCreatedTask),
      kB(entry.settledHeapBytesPerTask),
      kB(entry.settledRssBytesPerTask),
      kB(entry.heapBytesPerTask),
      kB(entry.rssBytesPerTask),
      entry.eventLoopDelayMs.p99.toFixed(1),
      entry.eventLoopDelayMs.max.toFixed(0),
      String(entry.failures),
    ]),
  };
}

/** Bundle rows: minified and gzipped kB. */
export function bundleRows(results: BenchResults): { header: string[]; rows: string[][] } {
  return {
    header: ['bundle', 'package', 'usage', 'min kB', 'min+gzip kB'],
    rows: results.bundles.map((bundle) => [
      bundle.id,
      bundle.package,
      bundle.usage,
      kB(bundle.minifiedBytes),
      bundle.error ? `failed: ${bundle.error}` : kB(bundle.gzipBytes),
    ]),
  };
}

/** Cold-start rows: median import time and process time. */
export function coldStartRows(results: BenchResults): { header: string[]; rows: string[][] } {
  return {
    header: ['package', 'import ms (median)', 'process ms (median)', 'runs'],
    rows: results.coldStart.map((entry) => [
      entry.specifier,
      entry.error ? `failed: ${entry.error}` : msText(entry.importMs),
      msText(entry.processMs),
      String(entry.runs),
    ]),
  };
}

/** A target's verdict in words: met, missed, or (judged per distribution) missed on some only. */
export function verdictOf(target: TargetVerdict): string {
  if (target.met === null) return 'not measured';
  if (target.met) return 'met';
  const verdicts = Object.entries(target.byDistribution ?? {});
  const where = (met: boolean) =>
    verdicts
      .filter(([, verdict]) => verdict === met)
      .map(([distribution]) => distribution)
      .join(', ');
  return where(true) ? `missed on ${where(false)}; met on ${where(true)}` : 'missed';
}

/** Target verdict rows. */
export function targetRows(results: BenchResults): { header: string[]; rows: string[][] } {
  return {
    header: ['issue', 'target', 'verdict'],
    rows: results.targets.map((target) => [`#${target.issue}`, target.target, verdictOf(target)]),
  };
}
