import { fixed } from '@capkit/emulator';
import type { Contender } from '../contenders/Contender.js';
import { startEmulatorHost } from '../emulator/startEmulatorHost.js';
import { firstJsonLine, spawnTs, stopChild } from '../process/spawnTs.js';
import { round } from '../stats.js';
import type { WorkerInput, WorkerOutput } from './overheadWorker.js';
import { required } from '../required.js';

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
  /**
   * (Highest RSS sampled while every task was in flight - RSS before) / tasks: the peak, garbage not
   * yet collected included (how much there is depends on the GC's heuristics).
   */
  rssBytesPerTask: number;
  /** The same peak, of the V8 heap. */
  heapBytesPerTask: number;
  /**
   * (Heap used right after a forced GC with every task still in flight - heap before) / tasks: what
   * each in-flight task holds. Absent in runs from before it was measured, and when some task had
   * already settled at that sample.
   */
  settledHeapBytesPerTask?: number;
  /** The same after the forced GC, of RSS (V8 may keep pages it no longer uses). */
  settledRssBytesPerTask?: number;
  /** Tasks still in flight at that sample (all of them when the sample is valid). */
  settledTasksInFlight?: number;
  /** Wall time of that forced GC (it has to fit before the first task is ready). */
  settleGcMs?: number;
  /** Where the client's capkit code came from; absent in older runs, which ran it from source. */
  capkitFrom?: 'dist' | 'source';
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
      url: required(host.urls.measure, 'the measure emulator'),
      timeScale,
      warmUp: {
        url: required(host.urls['warm-up'], 'the warm-up emulator'),
        timeScale: warmUpScale,
        tasks: warmUpTasks,
      },
      tasks,
      rampMs,
      solveMs: solveMs * timeScale,
    };
    // capkit from its built dist, as users run it: tsx's build of the source wraps every function
    // (keepNames), which costs heap per task and CPU per poll that the published package does not.
    const worker = spawnTs(
      '../overhead/overheadWorker.ts',
      [JSON.stringify(input)],
      ['--expose-gc', '--max-old-space-size=4096'],
      'dist',
    );
    const output = await firstJsonLine<WorkerOutput>(worker, `the overhead worker of ${contender.id}`).finally(() =>
      stopChild(worker),
    );
    const { creating, polling, total, baseline, inFlight, settled } = output;
    const perTask = (bytes: number, before: number) => Math.round((bytes - before) / tasks);
    return {
      contender: contender.id,
      tasks,
      polls: polling.polls,
      cpuMsPer1000Polls: round((polling.cpuMs / Math.max(1, polling.polls)) * 1_000, 1),
      cpuMsPerCreatedTask: round(creating.cpuMs / Math.max(1, creating.created), 3),
      cpuMsPer1000PollsOverall: round((total.cpuMs / Math.max(1, total.polls)) * 1_000, 1),
      rssBytesPerTask: perTask(inFlight.rssBytes, baseline.rssBytes),
      heapBytesPerTask: perTask(inFlight.heapUsedBytes, baseline.heapUsedBytes),
      // Only valid with every task held: a settled task's memory would already be gone.
      ...(settled.tasksInFlight === tasks
        ? {
            settledHeapBytesPerTask: perTask(settled.heapUsedBytes, baseline.heapUsedBytes),
            settledRssBytesPerTask: perTask(settled.rssBytes, baseline.rssBytes),
          }
        : {}),
      settledTasksInFlight: settled.tasksInFlight,
      settleGcMs: round(settled.gcMs, 0),
      capkitFrom: output.capkitModule.includes('/dist/') ? 'dist' : 'source',
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
