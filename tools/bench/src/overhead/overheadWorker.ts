/**
 * One overhead measurement, in a fresh process (so every client starts from the same empty heap):
 * `node --expose-gc --import tsx overheadWorker.ts '<WorkerInput JSON>'` prints one {@link WorkerOutput}
 * line. It is started without the `@capkit/source` condition, so capkit runs from its built `dist`.
 *
 * It warms the client up on a fast emulator instance, collects garbage, then starts `tasks` slow tasks over
 * `rampMs` and measures, until all are solved: CPU time of this process while creating and while
 * only polling (polls counted by the emulator), resident memory and heap while every task is in
 * flight (the peak sampled while polling, and the level after a forced GC at the end of that
 * window), and event-loop delay.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { contenderById } from '../contenders/index.js';
import type { Runner } from '../contenders/Contender.js';

/** What the parent asks for. */
export interface WorkerInput {
  contender: string;
  /** The emulator instance of the measured run, and its time scale (the client's timing follows it). */
  url: string;
  timeScale: number;
  /** A fast instance to warm the client up on first (JIT, connections). */
  warmUp: { url: string; timeScale: number; tasks: number };
  tasks: number;
  rampMs: number;
  /** The measured tasks' real solve time: the polling window ends before the first of them is ready. */
  solveMs: number;
}

/**
 * How long before the first measured task can be ready the polling window ends: room for the mark
 * that closes it and for the forced GC of the settled sample, which must both happen while every
 * task is still in flight.
 */
export const SETTLE_MARGIN_MS = 1_000;

/** CPU, wall time and polls of one phase. */
export interface Phase {
  cpuMs: number;
  wallMs: number;
  polls: number;
}

/** What the worker measured. */
export interface WorkerOutput {
  /** From the first createTask until every task was created (createTask answered). */
  creating: Phase & { created: number };
  /** From then until just before the first task is ready: polling only. */
  polling: Phase;
  /** The whole run, until every task was solved. */
  total: Phase;
  /** After the warm-up and a forced GC, before the first measured task. */
  baseline: { rssBytes: number; heapUsedBytes: number };
  /** The highest sample taken during the polling window, when every task was in flight (uncollected garbage included). */
  inFlight: { rssBytes: number; heapUsedBytes: number; samples: number };
  /**
   * Right after the polling window: a forced full GC, then one sample, in one synchronous step (no
   * task can settle in between). What the in-flight tasks hold, without the garbage.
   */
  settled: {
    rssBytes: number;
    heapUsedBytes: number;
    /** Tasks the client still held (not yet settled): all of them unless the window ended too late. */
    tasksInFlight: number;
    /** Wall time of the forced GC (it blocks the event loop that long). */
    gcMs: number;
  };
  /** Where `@capkit/node` was resolved from (its built `dist`, or its TypeScript source). */
  capkitModule: string;
  /** Event-loop delay over the whole run. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  failures: number;
  firstError?: string | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function counters(url: string): Promise<{ createTask: number; getTaskResult: number }> {
  return (await (await fetch(`${url}/__bench/counters`)).json()) as { createTask: number; getTaskResult: number };
}

/** A stopwatch of CPU time, wall time and the emulator's poll counter. */
async function mark(url: string): Promise<{ cpu: NodeJS.CpuUsage; at: number; polls: number; created: number }> {
  const { createTask, getTaskResult } = await counters(url);
  return { cpu: process.cpuUsage(), at: performance.now(), polls: getTaskResult, created: createTask };
}

function phase(from: Awaited<ReturnType<typeof mark>>, to: Awaited<ReturnType<typeof mark>>): Phase {
  const cpuMs = (to.cpu.user + to.cpu.system - from.cpu.user - from.cpu.system) / 1_000;
  return { cpuMs, wallMs: to.at - from.at, polls: to.polls - from.polls };
}

async function warmUp(input: WorkerInput): Promise<void> {
  const { url, timeScale, tasks } = input.warmUp;
  const runner = await contenderById(input.contender).create({ url, timeScale });
  await Promise.all(Array.from({ length: tasks }, () => runner.solve('recaptcha')));
  await runner.close?.();
}

function launch(
  runner: Runner,
  input: WorkerInput,
  tally: { settled: number; failures: number; firstError?: string },
): Promise<void[]> {
  const pending: Array<Promise<void>> = [];
  const start = () =>
    pending.push(
      runner.solve('recaptcha').then(
        () => void (tally.settled += 1),
        (error: unknown) => {
          tally.settled += 1;
          tally.failures += 1;
          tally.firstError ??= error instanceof Error ? error.message : String(error);
        },
      ),
    );
  // Ramp the tasks in over rampMs, 10 ms apart, as a busy service would receive them.
  const steps = Math.max(1, Math.round(input.rampMs / 10));
  return (async () => {
    for (let step = 0; step < steps; step += 1) {
      const until = Math.round(((step + 1) * input.tasks) / steps);
      while (pending.length < until) start();
      await sleep(10);
    }
    return Promise.all(pending);
  })();
}

/** The `gc()` of `--expose-gc`; the memory figures mean nothing without it. */
function forcedGc(): () => void {
  const { gc } = globalThis as { gc?: () => void };
  if (!gc) throw new Error('the overhead worker needs --expose-gc');
  return gc;
}

/** Memory with every task in flight once the garbage is collected, and the CPU that collection took. */
function settle(tasks: number, tally: { settled: number }): { settled: WorkerOutput['settled']; gcCpuMs: number } {
  const cpu = process.cpuUsage();
  const at = performance.now();
  forcedGc()();
  // Sampled before the event loop turns again: no task can settle between the GC and the sample.
  const { rss, heapUsed } = process.memoryUsage();
  const gcMs = performance.now() - at;
  const used = process.cpuUsage(cpu);
  return {
    settled: { rssBytes: rss, heapUsedBytes: heapUsed, tasksInFlight: tasks - tally.settled, gcMs },
    gcCpuMs: (used.user + used.system) / 1_000,
  };
}

/**
 * The event-loop delay of a run broken by the forced GC: percentiles from `whole` (the GC's pause is
 * one sample among thousands), the maximum from before it and from `after`, a monitor started
 * right after it (the pause is the bench's, not the client's).
 */
function loopDelay(
  whole: IntervalHistogram,
  maxBeforeGc: number,
  after: IntervalHistogram,
): WorkerOutput['eventLoopDelayMs'] {
  return {
    p50: whole.percentile(50) / 1e6,
    p99: whole.percentile(99) / 1e6,
    max: Math.max(maxBeforeGc, after.max) / 1e6,
  };
}

async function measure(runner: Runner, input: WorkerInput): Promise<WorkerOutput> {
  forcedGc()();
  await sleep(200);
  const base = process.memoryUsage();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const tally: { settled: number; failures: number; firstError?: string } = { settled: 0, failures: 0 };
  const inFlight = { rssBytes: 0, heapUsedBytes: 0, samples: 0 };
  delay.enable();
  const begin = await mark(input.url);
  const done = launch(runner, input, tally);
  // Creating ends when the emulator has every createTask of this run.
  let created = begin;
  while (created.created - begin.created < input.tasks && performance.now() - begin.at < input.solveMs) {
    await sleep(50);
    created = await mark(input.url);
  }
  // Polling only, until SETTLE_MARGIN_MS before the first measured task can be ready (the sampling
  // sleep may overshoot by up to 250 ms, hence the earlier stop).
  const windowEnd = begin.at + input.solveMs - SETTLE_MARGIN_MS;
  while (performance.now() < windowEnd - 250) {
    await sleep(200);
    const now = process.memoryUsage();
    inFlight.rssBytes = Math.max(inFlight.rssBytes, now.rss);
    inFlight.heapUsedBytes = Math.max(inFlight.heapUsedBytes, now.heapUsed);
    inFlight.samples += 1;
  }
  const polled = await mark(input.url);
  const maxBeforeGc = delay.max;
  const { settled, gcCpuMs } = settle(input.tasks, tally);
  const afterGc = monitorEventLoopDelay({ resolution: 10 });
  afterGc.enable();
  await done;
  const end = await mark(input.url);
  delay.disable();
  afterGc.disable();
  const total = phase(begin, end);
  return {
    creating: { ...phase(begin, created), created: created.created - begin.created },
    polling: phase(created, polled),
    // The forced GC is the bench's work, not the client's.
    total: { ...total, cpuMs: total.cpuMs - gcCpuMs },
    baseline: { rssBytes: base.rss, heapUsedBytes: base.heapUsed },
    inFlight,
    settled,
    capkitModule: import.meta.resolve('@capkit/node'),
    eventLoopDelayMs: loopDelay(delay, maxBeforeGc, afterGc),
    failures: tally.failures,
    firstError: tally.firstError,
  };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as WorkerInput;
  await warmUp(input);
  const runner = await contenderById(input.contender).create({ url: input.url, timeScale: input.timeScale });
  const output = await measure(runner, input);
  await runner.close?.();
  process.stdout.write(`${JSON.stringify(output)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`overhead worker: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
