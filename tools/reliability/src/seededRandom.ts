/** A small seeded pseudo-random generator, so every random choice of a suite can be replayed. */
export interface SeededRandom {
  /** The seed it was created with (print it: passing it back replays the run). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * Creates a mulberry32 generator: tiny, fast and well spread, which is all a test needs (not crypto).
 *
 * @example
 * const random = seededRandom(42);
 * const killAfterMs = random.int(0, 500);
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/** The seed of a suite: `CAPKIT_CHAOS_SEED` when set (to replay a failure), else `fallback`. */
export function suiteSeed(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.CAPKIT_CHAOS_SEED);
  return Number.isInteger(fromEnv) ? fromEnv : fallback;
}
