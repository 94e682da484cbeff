import { learned, type SolveTimeModelJSON } from '@capkit/core';
import { capkitContender } from './contenders/capkit.js';
import { solveTimeFor, type BenchDistribution } from './distributions.js';
import type { EngineOptions } from '@capkit/emulator';

/** Options of {@link warmUpLearned}. */
export interface WarmUpOptions {
  /** The emulator instance to warm up on ({@link warmUpInstance}). */
  url: string;
  distribution: BenchDistribution;
  /** Tasks solved in all. */
  tasks: number;
  /** Batches they are solved in, one after the other (the model improves between batches). */
  rounds: number;
  /** The warm-up instance's time scale; what is learned is scaled back to real ms. */
  timeScale: number;
  /** Gap between task starts within a round (a burst of createTask calls would queue and skew the clock). */
  staggerMs: number;
}

/** The id of the warm-up contender (its instance is named after it). */
export const WARM_UP_ID = 'capkit-learned-warm-up';

const warmUpContender = (policy: ReturnType<typeof learned>) =>
  capkitContender(WARM_UP_ID, 'capkit learned (warm-up)', () => policy);

/**
 * The emulator instance options of a warm-up: the same distribution as the measured run, but
 * another seed (other draws) and its own time scale.
 */
export function warmUpInstance(distribution: BenchDistribution, seed: number, timeScale: number): EngineOptions {
  return { seed: seed + 1, timeScale, solveTime: solveTimeFor(distribution, warmUpContender(learned())) };
}

/**
 * Warms the learned policy up the way a long-running process would: real tasks over HTTP against
 * an emulator with the same distribution, observed through the policy's own observer, batch after
 * batch. The run is time-scaled to save minutes (not too much: how long a request waits on its way,
 * queued at the emulator behind a burst, is part of what the client measures, and compressing time
 * makes it a larger share of each solve); the model is returned as JSON with its observations scaled
 * back to service milliseconds, ready to load as a restarted process would.
 */
export async function warmUpLearned(options: WarmUpOptions): Promise<SolveTimeModelJSON> {
  const { url, distribution, tasks, rounds, timeScale, staggerMs } = options;
  const policy = learned();
  const runner = await warmUpContender(policy).create({ url, timeScale });
  const perRound = Math.ceil(tasks / rounds);
  for (let round = 0; round < rounds; round += 1) {
    await Promise.all(
      Array.from({ length: perRound }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * staggerMs));
        return runner.solve(distribution.kindOf(round * perRound + index));
      }),
    );
  }
  return scaleModel(policy.model.toJSON(), 1 / timeScale);
}

/** The model's observations with every time multiplied by `factor` (to move it between time scales). */
export function scaleModel(model: SolveTimeModelJSON, factor: number): SolveTimeModelJSON {
  const types = Object.fromEntries(
    Object.entries(model.types).map(([type, samples]) => [
      type,
      samples.map(([low, high]): [number, number] => [low * factor, high * factor]),
    ]),
  );
  return { ...model, types };
}
