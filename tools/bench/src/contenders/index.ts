import { createSolveTimeModel, eager, hazard, learned, type SolveTimeModelJSON } from '@capkit/core';
import { anticaptchaContender } from './anticaptcha.js';
import { capkitContender } from './capkit.js';
import { capmonsterContender } from './capmonster.js';
import type { Contender } from './Contender.js';
import { fetchLoopContender } from './fetchLoop.js';
import { rawFetchContender } from './rawFetch.js';

export const capkitDocumented = capkitContender('capkit-documented', 'capkit documented (default)', () => undefined);
export const capkitEager = capkitContender('capkit-eager', 'capkit eager', () => eager());
export const capkitHazard = capkitContender('capkit-hazard', 'capkit hazard', () => hazard());
export const capkitHazardMedian = capkitContender('capkit-hazard-median', 'capkit hazard, median', () => hazard({ objective: 'median' }));

/** capkit with the learned policy, starting from what `model` learned (fresh when omitted). */
export function capkitLearned(model?: SolveTimeModelJSON): Contender {
  return capkitContender('capkit-learned', 'capkit learned (after warm-up)', () => learned({ model: createSolveTimeModel(model ?? {}) }));
}

/** capkit with the learned policy optimising the median latency, from what `model` learned. */
export function capkitLearnedMedian(model?: SolveTimeModelJSON): Contender {
  return capkitContender('capkit-learned-median', 'capkit learned, median (after warm-up)', () =>
    learned({ model: createSolveTimeModel(model ?? {}), objective: 'median' }),
  );
}

/** The learned contenders of a latency run, both starting from the same warm-up `model`. */
export const learnedContenders = (model?: SolveTimeModelJSON): Contender[] => [capkitLearned(model), capkitLearnedMedian(model)];

export { anticaptchaContender, capmonsterContender, fetchLoopContender, rawFetchContender };

/** The peers and baselines every capkit policy is compared with (the raw floor is for overhead only). */
export const OTHERS: readonly Contender[] = [capmonsterContender, anticaptchaContender, fetchLoopContender];

/** Every contender of the overhead runs, by id (the learned one starts fresh there). */
export const OVERHEAD_CONTENDERS: readonly Contender[] = [
  rawFetchContender,
  capkitDocumented,
  capkitLearned(),
  capmonsterContender,
  anticaptchaContender,
  fetchLoopContender,
];

/** Looks a contender up by id (for child processes). */
export function contenderById(id: string): Contender {
  const found = OVERHEAD_CONTENDERS.find((contender) => contender.id === id);
  if (!found) throw new Error(`Unknown contender "${id}"`);
  return found;
}
