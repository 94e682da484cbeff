/**
 * A seeded pseudo-random source. Every random decision the emulator makes (solve times, outcomes,
 * faults, task ids, fake solution values) draws from one of these, so a fixed seed replays a run.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** A standard normal deviate (Box–Muller). */
  normal(): number;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
  /** An RFC 4122 version 4 UUID built from this source (so seeded runs give the same ids). */
  uuid(): string;
}

/** The independent streams a seed is split into, so turning faults on does not shift solve times. */
export type RandomStream = 'solveTime' | 'outcome' | 'fault' | 'taskId' | 'solution' | 'callback';

const STREAM_SALT: Record<RandomStream, number> = {
  solveTime: 0x9e3779b9,
  outcome: 0x85ebca6b,
  fault: 0xc2b2ae35,
  taskId: 0x27d4eb2f,
  solution: 0x165667b1,
  callback: 0xd3a2646c,
};

/**
 * mulberry32: a tiny 32-bit generator with good enough statistics for test traffic.
 * Not cryptographic, and not meant to be.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates the generator for one stream of a seed. */
export function createRandom(seed: number, stream: RandomStream): Random {
  const next = mulberry32(Math.imul(seed >>> 0, 2654435761) ^ STREAM_SALT[stream]);
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    hex,
    uuid: () => {
      const variant = (8 + Math.floor(next() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
  };
}

/** A fresh seed for runs that did not ask for one (reported in stats so a failure can be replayed). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
