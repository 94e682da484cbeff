import { DEFAULT_LIMITS, isCapSolverError, scaleLimits, type Limits, type SolveResult } from '@capkit/core';
import type { EmulatorStats } from '@capkit/emulator';
import { createClient, createKeepAliveFetch } from '@capkit/node';
import { activeResources, leakedResources, type ResourceCounts } from './activeResources.js';
import { collectUnhandled } from './collectUnhandled.js';
import { createRecordingFetch, type RecordedRequest } from './createRecordingFetch.js';
import { runPool } from './runPool.js';
import { soakTask } from './soakTasks.js';
import { startTracingEmulator, type TracedCreate } from './startTracingEmulator.js';

/** Settings of one soak. */
export interface ChaosSoakOptions {
  tasks: number;
  concurrency: number;
  seed: number;
  /** The emulator's time scale; the client's limits are scaled to match. */
  timeScale: number;
  /** Share of requests that get a fault (every kind, every method). */
  faultRate: number;
  /** Share of tasks that end unsolvable / with the server-side timeout. */
  unsolvable: number;
  timeout: number;
}

/** One solve of the soak. */
export interface SoakSolve {
  websiteURL: string;
  result: PromiseSettledResult<SolveResult>;
  /** createTask requests the emulator received for this solve, with their faults. */
  creates: TracedCreate[];
  /** How many of those created a task (processed by the emulator). */
  tasksCreated: number;
}

/** Everything a soak observed. */
export interface ChaosSoakReport {
  options: ChaosSoakOptions;
  solves: SoakSolve[];
  stats: EmulatorStats;
  /** The limits the client ran with. */
  limits: Limits;
  /** Every request the client sent, with its send time. */
  requests: readonly RecordedRequest[];
  /** createTask requests whose websiteURL names no solve (must stay empty). */
  strayCreates: TracedCreate[];
  unhandledRejections: unknown[];
  uncaughtExceptions: unknown[];
  /** Timers still pending once every solve settled, before anything was closed. */
  timersLeftAfterSettle: ResourceCounts;
  /** Resources still open after the emulator and the client's connection pool were closed. */
  resourcesLeftAfterClose: ResourceCounts;
  durationMs: number;
}

/**
 * Drives `tasks` solves through the tracing emulator with faults of every kind and unsolvable /
 * timed-out tasks, through the Node client a user would use (keep-alive fetch, scaled limits), and
 * returns what the client and the emulator saw. The assertions live in the test.
 */
export async function runChaosSoak(options: ChaosSoakOptions): Promise<ChaosSoakReport> {
  const baseline = activeResources();
  const unhandled = collectUnhandled();
  const startedAt = Date.now();
  const emulator = await startTracingEmulator({
    seed: options.seed,
    timeScale: options.timeScale,
    faultRate: options.faultRate,
    outcomes: { unsolvable: options.unsolvable, timeout: options.timeout },
    balance: 1_000_000,
  });
  const keepAlive = createKeepAliveFetch({ connections: options.concurrency });
  const recording = createRecordingFetch(keepAlive);
  const scale = options.timeScale;
  // Every service duration shrinks with the time scale, but the safety margin stays the default
  // absolute 1 s: it covers a request's transit, which does not get faster with the emulator's clock.
  const limits: Limits = { ...scaleLimits(scale), lifetimeSafetyMarginMs: DEFAULT_LIMITS.lifetimeSafetyMarginMs };
  const client = createClient({
    apiKey: 'CAP-EMULATOR-KEY',
    baseUrl: emulator.url,
    fetch: recording.fetch,
    limits,
    timeoutMs: 2_000,
    backoff: { baseDelayMs: 500 * scale, maxDelayMs: 8_000 * scale, maxRetryAfterMs: 60_000 * scale },
  });

  const results = await runPool(options.tasks, options.concurrency, (index) =>
    client.solve(soakTask(index, `seed-${options.seed}`)),
  );
  // Settled, nothing closed yet: whatever timer is still pending was left behind by the client.
  const timersLeftAfterSettle = await leakedResources(baseline, 500, ['Timeout', 'Immediate']);
  const stats = emulator.stats();
  await emulator.close();
  await keepAlive.dispatcher.close();
  const resourcesLeftAfterClose = await leakedResources(baseline, 2_000);
  unhandled.stop();

  const { solves, strayCreates } = matchCreates(results, emulator.creates, `seed-${options.seed}`);
  return {
    options,
    solves,
    stats,
    limits,
    requests: recording.requests,
    strayCreates,
    unhandledRejections: unhandled.rejections,
    uncaughtExceptions: unhandled.exceptions,
    timersLeftAfterSettle,
    resourcesLeftAfterClose,
    durationMs: Date.now() - startedAt,
  };
}

/** Pairs each solve with the createTask requests that carried its websiteURL; the rest are strays. */
function matchCreates(
  results: ReadonlyArray<PromiseSettledResult<SolveResult>>,
  creates: readonly TracedCreate[],
  runId: string,
): { solves: SoakSolve[]; strayCreates: TracedCreate[] } {
  const byUrl = new Map<string, TracedCreate[]>();
  for (const create of creates)
    byUrl.set(create.websiteURL ?? '', [...(byUrl.get(create.websiteURL ?? '') ?? []), create]);
  const solves = results.map((result, index): SoakSolve => {
    const websiteURL = String(soakTask(index, runId).websiteURL);
    const own = byUrl.get(websiteURL) ?? [];
    byUrl.delete(websiteURL);
    return { websiteURL, result, creates: own, tasksCreated: own.filter((create) => create.processed).length };
  });
  return { solves, strayCreates: [...byUrl.values()].flat() };
}

/** The task id a settled solve knows: from its result, or from its typed error. */
export function taskIdOf(result: PromiseSettledResult<SolveResult>): string | undefined {
  if (result.status === 'fulfilled') return result.value.taskId;
  return isCapSolverError(result.reason) ? result.reason.taskId : undefined;
}
