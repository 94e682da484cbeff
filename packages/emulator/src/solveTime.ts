import { LIMITS } from '@capkit/api';
import type { Random } from './random.js';

/**
 * How long the emulated service takes to solve an asynchronous task, in service milliseconds
 * (before the emulator's `timeScale` is applied).
 */
export type SolveTimeDistribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'logNormal'; medianMs: number; sigma: number; minMs: number; maxMs: number }
  | { kind: 'perType'; types: Readonly<Record<string, SolveTimeDistribution>>; fallback: SolveTimeDistribution };

/** Every task takes exactly `ms`. */
export function fixed(ms: number): SolveTimeDistribution {
  return { kind: 'fixed', ms };
}

/**
 * Uniform between `minMs` and `maxMs`. The default, `uniform()`, is the documented 1–30 s range
 * (`LIMITS.solveTimeMinMs` .. `LIMITS.solveTimeMaxMs`).
 */
export function uniform(
  minMs: number = LIMITS.solveTimeMinMs,
  maxMs: number = LIMITS.solveTimeMaxMs,
): SolveTimeDistribution {
  return { kind: 'uniform', minMs: Math.min(minMs, maxMs), maxMs: Math.max(minMs, maxMs) };
}

/**
 * Log-normal around `medianMs` with shape `sigma`: most tasks are quick, a few are slow, which is how
 * real solve times look. Draws are clamped to [`minMs`, `maxMs`] (default: the documented minimum
 * solve time and the server-side solve timeout), so a long tail never outlives the task.
 */
export function logNormal(options: {
  medianMs: number;
  sigma: number;
  minMs?: number;
  maxMs?: number;
}): SolveTimeDistribution {
  return {
    kind: 'logNormal',
    medianMs: options.medianMs,
    sigma: options.sigma,
    minMs: options.minMs ?? LIMITS.solveTimeMinMs,
    maxMs: options.maxMs ?? LIMITS.serverSolveTimeoutMs,
  };
}

/** A distribution per task type, e.g. `{ AntiTurnstileTaskProxyLess: fixed(2000) }`; others use `fallback`. */
export function perType(
  types: Readonly<Record<string, SolveTimeDistribution>>,
  fallback: SolveTimeDistribution = uniform(),
): SolveTimeDistribution {
  return { kind: 'perType', types, fallback };
}

/** Draws one solve time (service ms, integer) for a task of `taskType`. */
export function drawSolveTime(distribution: SolveTimeDistribution, taskType: string, random: Random): number {
  switch (distribution.kind) {
    case 'fixed':
      return Math.max(0, Math.round(distribution.ms));
    case 'uniform':
      return Math.round(distribution.minMs + random.next() * (distribution.maxMs - distribution.minMs));
    case 'logNormal': {
      const drawn = distribution.medianMs * Math.exp(distribution.sigma * random.normal());
      return Math.round(Math.min(distribution.maxMs, Math.max(distribution.minMs, drawn)));
    }
    case 'perType':
      return drawSolveTime(distribution.types[taskType] ?? distribution.fallback, taskType, random);
  }
}
