/** Overhead results for the report tests: one of the current bench, one of a run from before the settled sample. */
import type { OverheadResult } from '../overhead/measureOverhead.js';

/** An overhead run of the current bench: capkit from its dist, settled heap `heap`, peaks well above it (uncollected garbage). */
export function overhead(
  contender: string,
  cpu: number,
  heap: number,
  p99: number,
  more: Partial<OverheadResult> = {},
): OverheadResult {
  return {
    contender,
    tasks: 10_000,
    polls: 20_000,
    cpuMsPer1000Polls: cpu,
    cpuMsPerCreatedTask: cpu / 1_000,
    cpuMsPer1000PollsOverall: cpu,
    rssBytesPerTask: heap * 3,
    heapBytesPerTask: heap * 2.5,
    settledHeapBytesPerTask: heap,
    settledRssBytesPerTask: heap * 1.5,
    settledTasksInFlight: 10_000,
    settleGcMs: 120,
    capkitFrom: 'dist',
    eventLoopDelayMs: { p50: 10, p99, max: p99 * 2 },
    pollingCpuLoad: 0.3,
    created: 10_000,
    creatingMs: 10_000,
    wallMs: 60_000,
    failures: 0,
    ...more,
  };
}

/** An overhead run from before the settled sample and the dist (the committed latest.json of that time). */
export function olderOverhead(contender: string, cpu: number, peak: number): OverheadResult {
  const {
    settledHeapBytesPerTask: _heap,
    settledRssBytesPerTask: _rss,
    settledTasksInFlight: _tasks,
    settleGcMs: _gc,
    capkitFrom: _from,
    ...older
  } = overhead(contender, cpu, peak, 20);
  return { ...older, rssBytesPerTask: peak, heapBytesPerTask: peak };
}
