/** The size of every suite: `small` inside `npm test`, `full` for `npm run test:chaos`. */
export interface ChaosProfile {
  readonly name: 'small' | 'full';
  /** Chaos soak: solves in total, and how many run at once. */
  readonly soak: { readonly tasks: number; readonly concurrency: number };
  /** Crash and restart: worker runs (each killed once), and tasks each worker starts. */
  readonly crash: { readonly runs: number; readonly tasksPerRun: number };
  /** Hostile input: fast-check runs per property. */
  readonly hostile: { readonly numRuns: number };
}

const SMALL: ChaosProfile = {
  name: 'small',
  soak: { tasks: 300, concurrency: 40 },
  crash: { runs: 10, tasksPerRun: 4 },
  hostile: { numRuns: 150 },
};

const FULL: ChaosProfile = {
  name: 'full',
  soak: { tasks: 4_000, concurrency: 60 },
  crash: { runs: 50, tasksPerRun: 4 },
  hostile: { numRuns: 1_000 },
};

/**
 * The profile named by `CAPKIT_CHAOS_PROFILE` (`full` or, by default, `small`). The small one keeps
 * `npm test` fast; the full one is the soak the issue asks for (thousands of tasks, 50 crashes).
 */
export function chaosProfile(env: NodeJS.ProcessEnv = process.env): ChaosProfile {
  return env.CAPKIT_CHAOS_PROFILE === 'full' ? FULL : SMALL;
}
