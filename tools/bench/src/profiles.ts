/** How big a benchmark run is. */
export interface Profile {
  name: 'full' | 'short' | 'smoke';
  seed: number;
  latency: {
    /** Concurrent tasks per contender and distribution. */
    tasks: number;
    /** Gap between task starts (every contender starts its i-th task at the same moment). */
    staggerMs: number;
    /** 1 = real time, as the issue asks; the smoke profile compresses time. */
    timeScale: number;
  };
  /** The learned policy's warm-up before each measured latency run (its time scale is relative to the latency run's). */
  warmUp: { tasks: number; rounds: number; timeScale: number; staggerMs: number };
  overhead: {
    tasks: number;
    rampMs: number;
    /** The measured tasks' solve time, in service ms. */
    solveMs: number;
    timeScale: number;
    warmUpTasks: number;
    /** Contender ids, the raw fetch floor first. */
    contenders: readonly string[];
  };
  coldStartRuns: number;
  /** Grid cells of the median-latency frontier (the yardstick of the report); its cost grows with their square. */
  frontierCells: number;
}

const OVERHEAD_CONTENDERS = ['raw-fetch', 'capkit-documented', 'capmonster', 'anticaptcha', 'fetch-loop'] as const;

export const PROFILES: Record<Profile['name'], Profile> = {
  // About 10 minutes on 2 cores: 3 warm-ups of ~60 s, 3 real-time latency runs of ~35 s, 5 overhead runs of ~60 s.
  full: {
    name: 'full',
    seed: 20_251_124,
    // 500 tasks per client: a median of 200 moved by ±0.3 s between samples for the median-objective plans.
    latency: { tasks: 500, staggerMs: 10, timeScale: 1 },
    // Warm-up time is compressed only ×2: compressing it more makes request delays a larger share of what the learned model sees.
    warmUp: { tasks: 300, rounds: 4, timeScale: 0.5, staggerMs: 5 },
    // 10,000 tasks polled on the documented rhythm would be 3,300 requests/s, more than one emulator
    // core serves; slowing the emulator and every client 4x keeps each client's polls per task and
    // brings the rate to ~830/s.
    overhead: {
      tasks: 10_000,
      rampMs: 10_000,
      solveMs: 10_000,
      timeScale: 4,
      warmUpTasks: 200,
      contenders: OVERHEAD_CONTENDERS,
    },
    coldStartRuns: 15,
    frontierCells: 300,
  },
  // The full profile's rhythm on fewer tasks (a shared machine): real time, 100 tasks per client,
  // warm-ups of 100 tasks in 2 rounds; `npm run bench -- --short --phases latency --distributions uniform`.
  short: {
    name: 'short',
    seed: 20_251_124,
    latency: { tasks: 100, staggerMs: 10, timeScale: 1 },
    warmUp: { tasks: 100, rounds: 2, timeScale: 0.5, staggerMs: 5 },
    overhead: {
      tasks: 2_000,
      rampMs: 2_000,
      solveMs: 10_000,
      timeScale: 4,
      warmUpTasks: 100,
      contenders: OVERHEAD_CONTENDERS,
    },
    coldStartRuns: 5,
    frontierCells: 150,
  },
  // Every phase on a tiny scale, in well under a minute: checks that the harness works, not the numbers.
  smoke: {
    name: 'smoke',
    seed: 7,
    latency: { tasks: 10, staggerMs: 0, timeScale: 0.02 },
    warmUp: { tasks: 20, rounds: 2, timeScale: 1, staggerMs: 0 },
    overhead: {
      tasks: 100,
      rampMs: 100,
      solveMs: 20_000,
      timeScale: 0.1,
      warmUpTasks: 10,
      contenders: ['raw-fetch', 'capkit-documented'],
    },
    coldStartRuns: 1,
    frontierCells: 60,
  },
};
