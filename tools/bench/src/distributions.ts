import { logNormal, perType, uniform, type SolveTimeDistribution } from '@capkit/emulator';
import {
  logNormalSolveTime,
  mixtureSolveTime,
  uniformSolveTime,
  type SolveTimeDistribution as PlanningDistribution,
} from '@capkit/core';
import type { Contender, TaskKind } from './contenders/Contender.js';

/** A solve-time scenario of the benchmark. */
export interface BenchDistribution {
  id: 'uniform' | 'logNormal' | 'mixture';
  /** One line for the report. */
  description: string;
  /** The emulator's solve time of each task kind (service ms). */
  byKind: Record<TaskKind, SolveTimeDistribution>;
  /** The same, in capkit's planning form (for the report's predictions). */
  planning: Record<TaskKind, PlanningDistribution>;
  /** The kind of the i-th task. */
  kindOf(index: number): TaskKind;
}

/** No solve outlives 45 s: it keeps a real-time run under a minute with almost no effect on the shapes. */
const CAP_MS = 45_000;

const documented = uniform(1_000, 30_000);
const skewed = { medianMs: 6_000, sigma: 0.6, minMs: 1_000, maxMs: CAP_MS };
const slow = { medianMs: 15_000, sigma: 0.3, minMs: 1_000, maxMs: CAP_MS };
const fast = { medianMs: 3_000, sigma: 0.5, minMs: 1_000, maxMs: CAP_MS };

/** The three scenarios: the documented window, a skewed single type, and two types with different speeds. */
export const DISTRIBUTIONS: readonly BenchDistribution[] = [
  {
    id: 'uniform',
    description: 'uniform 1–30 s (the documented window), reCAPTCHA v2 tasks',
    byKind: { recaptcha: documented, turnstile: documented },
    planning: { recaptcha: uniformSolveTime(1_000, 30_000), turnstile: uniformSolveTime(1_000, 30_000) },
    kindOf: () => 'recaptcha',
  },
  {
    id: 'logNormal',
    description: 'log-normal, median 6 s, σ 0.6, clamped to 1–45 s, reCAPTCHA v2 tasks',
    byKind: { recaptcha: logNormal(skewed), turnstile: logNormal(skewed) },
    planning: { recaptcha: logNormalSolveTime(skewed), turnstile: logNormalSolveTime(skewed) },
    kindOf: () => 'recaptcha',
  },
  {
    id: 'mixture',
    description:
      'per-type mixture, alternating tasks: reCAPTCHA v2 log-normal median 15 s σ 0.3; Turnstile log-normal median 3 s σ 0.5 (1–45 s)',
    byKind: { recaptcha: logNormal(slow), turnstile: logNormal(fast) },
    planning: { recaptcha: logNormalSolveTime(slow), turnstile: logNormalSolveTime(fast) },
    kindOf: (index) => (index % 2 === 0 ? 'recaptcha' : 'turnstile'),
  },
];

/** The emulator's solve-time option for one contender: its own type names mapped to the scenario's kinds. */
export function solveTimeFor(distribution: BenchDistribution, contender: Contender): SolveTimeDistribution {
  const { taskTypes } = contender;
  return perType(
    { [taskTypes.recaptcha]: distribution.byKind.recaptcha, [taskTypes.turnstile]: distribution.byKind.turnstile },
    distribution.byKind.recaptcha,
  );
}

/** The whole traffic of a scenario as one distribution (for predictions over all tasks). */
export function trafficOf(distribution: BenchDistribution): PlanningDistribution {
  if (distribution.id !== 'mixture') return distribution.planning.recaptcha;
  return mixtureSolveTime([
    { weight: 1, distribution: distribution.planning.recaptcha },
    { weight: 1, distribution: distribution.planning.turnstile },
  ]);
}
