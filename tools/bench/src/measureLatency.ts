import type { Contender, Runner, SolveOutcome } from './contenders/Contender.js';
import { solveTimeFor, type BenchDistribution } from './distributions.js';
import type { HostConfig, HostReport } from './emulator/emulatorHost.js';
import type { EmulatorHost } from './emulator/startEmulatorHost.js';
import { mean, round, summarize, type Summary } from './stats.js';
import { required } from './required.js';

/** Options of one latency run. */
export interface LatencyRunOptions {
  /** The emulator process, with an instance per contender for this distribution ({@link latencyInstances}). */
  host: EmulatorHost;
  distribution: BenchDistribution;
  contenders: readonly Contender[];
  /** Concurrent tasks per contender. */
  tasks: number;
  /** Gap between two task starts of a contender (all contenders start theirs at the same moments). */
  staggerMs: number;
  /** The emulator's time scale (1 = real time); clients that can be scaled follow it. */
  timeScale: number;
}

/** The name of a contender's emulator instance for one distribution. */
export function instanceName(distribution: BenchDistribution, contenderId: string): string {
  return `${distribution.id}/${contenderId}`;
}

/**
 * The emulator instances of the latency runs: one per distribution and contender, all with the same
 * seed, so every contender's i-th task of a distribution gets the same solve time.
 */
export function latencyInstances(
  distributions: readonly BenchDistribution[],
  contenders: readonly Contender[],
  seed: number,
  timeScale: number,
): HostConfig['instances'] {
  return distributions.flatMap((distribution) =>
    contenders.map((contender) => ({
      name: instanceName(distribution, contender.id),
      options: { seed, timeScale, solveTime: solveTimeFor(distribution, contender), ...contender.emulator },
    })),
  );
}

/** What one contender achieved on one distribution. */
export interface LatencyResult {
  contender: string;
  distribution: BenchDistribution['id'];
  tasks: number;
  /** Tasks whose solution reached the caller. */
  solved: number;
  /** Solves that threw, or whose solution matched no task. */
  failures: number;
  /** Ready at the emulator → handed to the caller, in real ms. */
  latencyMs: Summary;
  /** getTaskResult queries per created task. */
  queriesPerTask: number;
  /** Mean solve time the emulator drew for this contender's tasks (the same for all, by seed). */
  meanSolveTimeMs: number;
  /** The first few failure messages. */
  errors: string[];
  /** Queries the emulator answered past the budget or the lifetime (must be 0). Absent in older runs. */
  queriesPastLimits?: number | undefined;
}

interface Settled {
  outcome?: SolveOutcome;
  error?: string;
  handedAt: number;
}

/** Every string inside a solution (a token, or the fields of a solution object). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap((inner) => (typeof inner === 'string' ? [inner] : []));
}

function taskIdOf(outcome: SolveOutcome, report: HostReport): string | undefined {
  if (outcome.taskId) return outcome.taskId;
  for (const token of stringsOf(outcome.solution)) {
    const taskId = report.solutions[token];
    if (taskId !== undefined) return taskId;
  }
  return undefined;
}

/** Turns what the clients saw and what the emulator recorded into one result. */
export function scoreRun(
  contender: Contender,
  distribution: BenchDistribution,
  settled: readonly Settled[],
  report: HostReport,
): LatencyResult {
  const { stats } = report;
  const latencies: number[] = [];
  const errors: string[] = [];
  for (const entry of settled) {
    if (!entry.outcome) {
      errors.push(entry.error ?? 'unknown error');
      continue;
    }
    const taskId = taskIdOf(entry.outcome, report);
    const readyAt = taskId === undefined ? undefined : stats.readyAtByTask[taskId];
    if (readyAt === undefined) errors.push('the solution matched no ready task');
    else latencies.push(entry.handedAt - readyAt);
  }
  const queries = Object.values(stats.queriesByTask);
  return {
    contender: contender.id,
    distribution: distribution.id,
    tasks: settled.length,
    solved: latencies.length,
    failures: settled.length - latencies.length,
    latencyMs: summarize(latencies),
    queriesPerTask: round(mean(queries), 3),
    meanSolveTimeMs: round(mean(stats.tasks.map((task) => task.solveTimeMs.service)), 0),
    errors: [...new Set(errors)].slice(0, 5),
    queriesPastLimits: stats.queriesAfterExpiry + stats.queriesOverBudget,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function solveAll(
  runner: Runner,
  distribution: BenchDistribution,
  tasks: number,
  staggerMs: number,
): Promise<Settled[]> {
  return Promise.all(
    Array.from({ length: tasks }, async (_, index) => {
      // Staggered starts: a burst of createTask calls would queue at the emulator, and a client that
      // starts its clock before sending createTask (capkit, for the lifetime) would look early.
      if (staggerMs > 0) await sleep(index * staggerMs);
      return runner.solve(distribution.kindOf(index)).then(
        (outcome): Settled => ({ outcome, handedAt: Date.now() }),
        (error: unknown): Settled => ({
          error: error instanceof Error ? error.message : String(error),
          handedAt: Date.now(),
        }),
      );
    }),
  );
}

/**
 * Runs every contender at once, `tasks` concurrent solves each (started `staggerMs` apart), in this process, each against its
 * own emulator engine in the one separate emulator process. The engines share seed and
 * distribution, so each contender's i-th created task gets the same solve time; running them side
 * by side keeps a real-time run to one solve-time window instead of one per contender.
 */
export async function measureLatency(options: LatencyRunOptions): Promise<LatencyResult[]> {
  const { host, distribution, contenders, tasks, staggerMs, timeScale } = options;
  const names = contenders.map((contender) => instanceName(distribution, contender.id));
  const runners = await Promise.all(
    contenders.map((contender) =>
      contender.create({ url: required(host.urls[instanceName(distribution, contender.id)], contender.id), timeScale }),
    ),
  );
  const settled = await Promise.all(runners.map((runner) => solveAll(runner, distribution, tasks, staggerMs)));
  await Promise.all(runners.map((runner) => runner.close?.()));
  const reports = await Promise.all(names.map((name) => host.report(name)));
  return contenders.map((contender, index) =>
    scoreRun(contender, distribution, required(settled[index], 'a run'), required(reports[index], 'a report')),
  );
}
