import type { Limits } from '../limits.js';

/** A duration as a reader says it before a noun: `5-minute`, `3-second`, `1500 ms`. */
function durationAdjective(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}-minute`;
  if (ms > 0 && ms % 1_000 === 0) return `${ms / 1_000}-second`;
  return `${ms} ms`;
}

/** The limits of a task machine in words, for its diagram: see {@link describeLimits}. */
export interface LimitDescriptions {
  /** `120 queries` */
  budget: string;
  /** `5-minute lifetime` */
  lifetime: string;
  /** `120 queries spent`: the transition that ends a task on its budget. */
  budgetSpent: string;
  /** `5-minute lifetime over`: the transition that ends a task on its lifetime. */
  lifetimeOver: string;
}

/**
 * The two limits that end a task, in words built from the limits a machine is built with, so the
 * diagram of a machine names its own numbers: `120 queries spent` and `5-minute lifetime over` with
 * the service's limits, `3-second lifetime over` with `scaleLimits(0.01)`.
 *
 * @example
 * ```ts
 * describeLimits(DEFAULT_LIMITS).lifetimeOver; // '5-minute lifetime over'
 * ```
 */
export function describeLimits(limits: Pick<Limits, 'maxQueriesPerTask' | 'taskLifetimeMs'>): LimitDescriptions {
  const count = limits.maxQueriesPerTask;
  const budget = `${count} ${count === 1 ? 'query' : 'queries'}`;
  const lifetime = `${durationAdjective(limits.taskLifetimeMs)} lifetime`;
  return { budget, lifetime, budgetSpent: `${budget} spent`, lifetimeOver: `${lifetime} over` };
}
