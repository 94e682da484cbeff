import { callbackFallback } from '@capkit/core';
import type { EngineOptions } from '@capkit/emulator';
import { capkitCallbackContender, type CallbackWarmUp } from './contenders/capkitCallback.js';
import { solveTimeFor, type BenchDistribution } from './distributions.js';

/** The warm-up contender id of a callback contender (its instance is named after it). */
export const callbackWarmUpId = (contenderId: string): string => `${contenderId}-warm-up`;

/** The emulator instance of a callback warm-up: the same distribution and loss, another seed and its own time scale. */
export function callbackWarmUpInstance(
  distribution: BenchDistribution,
  lost: number,
  seed: number,
  timeScale: number,
): EngineOptions {
  const probe = capkitCallbackContender('probe', 'probe', lost);
  return { seed: seed + 2, timeScale, solveTime: solveTimeFor(distribution, probe), callbacks: { lost } };
}

/** Options of {@link warmUpCallback}. */
export interface CallbackWarmUpOptions {
  url: string;
  distribution: BenchDistribution;
  lost: number;
  tasks: number;
  rounds: number;
  timeScale: number;
  staggerMs: number;
}

/**
 * Warms a callback fallback policy up the way a long-running process would: real tasks in callback
 * mode against an emulator that loses the same share of callbacks, batch after batch; the policy
 * learns the loss rate from its own tasks (the client reports whether each one's callback came).
 */
export async function warmUpCallback(options: CallbackWarmUpOptions): Promise<CallbackWarmUp> {
  const { url, distribution, lost, tasks, rounds, timeScale, staggerMs } = options;
  const policy = callbackFallback();
  const runner = await capkitCallbackContender('warm-up', 'warm-up', lost, undefined, () => policy).create({
    url,
    timeScale,
  });
  const perRound = Math.ceil(tasks / rounds);
  try {
    for (let round = 0; round < rounds; round += 1) {
      await Promise.all(
        Array.from({ length: perRound }, async (_, index) => {
          await new Promise((resolve) => setTimeout(resolve, index * staggerMs));
          return runner.solve(distribution.kindOf(round * perRound + index));
        }),
      );
    }
  } finally {
    await runner.close?.();
  }
  return { lossRate: policy.lossRate(), tasks: perRound * rounds };
}
