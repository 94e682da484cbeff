import { fixed } from '@capkit/emulator';
import type { Contender } from '../contenders/Contender.js';
import { startEmulatorHost } from '../emulator/startEmulatorHost.js';
import { firstJsonLine, spawnTs, stopChild } from '../process/spawnTs.js';
import { round } from '../stats.js';
import type { WorkerInput, WorkerOutput } from './overheadWorker.js';

/** Options of {@link measureOverhead}. */
export interface OverheadOptions {
  contender: Contender;
  /** Concurrent tasks (all in flight at once). */
  tasks: number;
  /** How long the tasks take to be created. */
  rampMs: number;
  /** How long each measured task takes to solve (service ms): long enough for every task to be in flight together. */
  solveMs: number;
  /**
   * Slows the emulator down (every service duration times this) and every client's timing with it,
   * so each client polls exactly as often per task, at a rate one emulator core can serve.
   */
  timeScale: number;
  warmUpTasks: number;
  seed: number;
}

/** One client's overhead. */
export interface OverheadResult {
  contender: string;
  tasks: number;
  /** Polls during the polling window (all tasks created, none ready yet). */
  polls: number;
  /** Client CPU per 1,000 polls in that window. */
  cpuMsPer1000Polls: number;
  /** Client CPU per created task, while creating (createTask, setup). */
  cpuMsPerCreatedTask: number;
  /** CPU of the whole run per 1,000 polls of the whole run (creation included). */
  cpuMsPer1000PollsOverall: number;
  /** (RSS with every task in flight - RSS before) / tasks. */
  rssBytesPerTask: number;
  heapBytesPerTask: number;
  eventLoopDelayMs: WorkerOutput['eventLoopDelayMs'];
  /** Share of the polling window the client's CPU was busy (1 = a full core). */
  pollingCpuLoad: number;
  created: number;
  creatingMs: number;
  wallMs: number;
  failures: number;
  firstError?: string | undefined;
}

/**
 * Measures one client with `tasks` concurrent tasks: the client in a fresh child process started with
 * --expose-gc, the emulator in another, so that the CPU and memory counted are the client's alone.
 * The client is first warmed up on a fast emulator instance, then measured on a slowed one.
 */
export async function measureOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const { contender, tasks, rampMs, solveMs, timeScale, warmUpTasks, seed } = options;
  const warmUpScale = 0.05;
  const host = await startEmulatorHost({
    instances: [
      { name: 'measure', options: { seed, timeScale, solveTime: fixed(solveMs), ...contender.emulator } },
      { name: 'warm-up', options: { seed, timeScale: warmUpScale, solveTime: fixed(2_000), ...contender.emulator } },
    ],
  });
  try {
    const input: WorkerInput = {
      contender: contender.id,
      url: host.urls.measure!,
      timeScale,
      warmUp: { url: host.urls['warm-up']!, timeScale: warmUpScale, tasks: warmUpTasks },
      tasks,
      rampMs,
      solveMs: solveMs * timeScale,
    };
    const worker = spawnTs('../overhead/overheadWorker.ts', [JSON.stringify(input)], ['--expose-gc', '--max-old-space-size=4096']);
    const output = await firstJsonLine<WorkerOutput>(worker, `the overhead worker of ${contender.id}`).finally(() => stopChild(worker));
    const { creating, polling, total } = output;
    return {
      contender: contender.id,
      tasks,
      polls: polling.polls,
      cpuMsPer1000Polls: round((polling.cpuMs / Math.max(1, polling.polls)) * 1_000, 1),
      cpuMsPerCreatedTask: round(creating.cpuMs / Math.max(1, creating.created), 3),
      cpuMsPer1000PollsOverall: round((total.cpuMs / Math.max(1, total.polls)) * 1_000, 1),
      rssBytesPerTask: Math.round((output.inFlight.rssBytes - output.baseline.rssBytes) / tasks),
      heapBytesPerTask: Math.round((output.inFlight.heapUsedBytes - output.baseline.heapUsedBytes) / tasks),
      eventLoopDelayMs: {
        p50: round(output.eventLoopDelayMs.p50, 1),
        p99: round(output.eventLoopDelayMs.p99, 1),
        max: round(output.eventLoopDelayMs.max, 1),
      },
      pollingCpuLoad: round(polling.cpuMs / Math.max(1, polling.wallMs), 2),
      created: creating.created,
      creatingMs: round(creating.wallMs, 0),
      wallMs: round(total.wallMs, 0),
      failures: output.failures,
      firstError: output.firstError,
    };
  } finally {
    await host.close();
  }
}
