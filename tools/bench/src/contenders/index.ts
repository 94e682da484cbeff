import { createSolveTimeModel, DEFAULT_LIMITS, eager, hazard, learned, type SolveTimeModelJSON } from '@capkit/core';
import { anticaptchaContender } from './anticaptcha.js';
import { capkitContender } from './capkit.js';
import { capmonsterContender } from './capmonster.js';
import type { Contender } from './Contender.js';
import { fetchLoopContender } from './fetchLoop.js';
import { rawFetchContender } from './rawFetch.js';

export const capkitDocumented = capkitContender('capkit-documented', 'capkit documented (default)', () => undefined);
export const capkitEager = capkitContender('capkit-eager', 'capkit eager', () => eager());
export const capkitHazard = capkitContender('capkit-hazard', 'capkit hazard', () => hazard());
export const capkitHazardMedian = capkitContender('capkit-hazard-median', 'capkit hazard, median', () =>
  hazard({ objective: 'median' }),
);

/** capkit with the learned policy, starting from what `model` learned (fresh when omitted). */
export function capkitLearned(model?: SolveTimeModelJSON): Contender {
  return capkitContender('capkit-learned', 'capkit learned (after warm-up)', () =>
    learned({ model: createSolveTimeModel(model ?? {}) }),
  );
}

/** capkit with the learned policy optimising the median latency, from what `model` learned. */
export function capkitLearnedMedian(model?: SolveTimeModelJSON): Contender {
  return capkitContender('capkit-learned-median', 'capkit learned, median (after warm-up)', () =>
    learned({ model: createSolveTimeModel(model ?? {}), objective: 'median' }),
  );
}

/**
 * The median objective as issue 10's 30 % target compares it: at `targetQueries` per task, which the
 * run sets to the queries per task of the peer with the lowest median (measured first). That
 * comparison is about the median alone, so the plan may leave any gap in the unlikely half of the
 * solve times (`maxGapMs` up to the lifetime, not the default 6 s): the queries it saves there buy
 * denser polling where the typical task is solved, at the price of a higher p95.
 */
const matchedOptions = (targetQueries: number) =>
  ({ objective: 'median', targetQueries, maxGapMs: DEFAULT_LIMITS.taskLifetimeMs }) as const;

/** capkit with the learned policy, from what `model` learned, with the best peer's budget ({@link matchedOptions}). */
export function capkitLearnedMatched(model: SolveTimeModelJSON | undefined, targetQueries: number): Contender {
  return capkitContender(
    'capkit-learned-matched',
    "capkit learned, median, at the best peer's queries, any gap (after warm-up)",
    () => learned({ model: createSolveTimeModel(model ?? {}), ...matchedOptions(targetQueries) }),
  );
}

/**
 * capkit with the hazard policy on its default distribution (the documented 1–30 s window), with the
 * best peer's budget ({@link matchedOptions}): what a client that never learned anything gets.
 */
export function capkitHazardMatched(targetQueries: number): Contender {
  return capkitContender('capkit-hazard-matched', "capkit hazard, median, at the best peer's queries, any gap", () =>
    hazard(matchedOptions(targetQueries)),
  );
}

/** The contenders of a latency run's second round, run once the peers are measured, with `targetQueries` from the best of them. */
export const matchedContenders = (model: SolveTimeModelJSON | undefined, targetQueries: number): Contender[] => [
  capkitHazardMatched(targetQueries),
  capkitLearnedMatched(model, targetQueries),
];

/** The learned contenders of the first round of a latency run, both starting from the same warm-up `model`. */
export const learnedContenders = (model?: SolveTimeModelJSON): Contender[] => [
  capkitLearned(model),
  capkitLearnedMedian(model),
];

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
