/**
 * mulberry32: a tiny seeded 32-bit generator of numbers in [0, 1). Deterministic, so what depends on
 * it (a model's replacement choices, test data) is the same on every run. Not cryptographic.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
