import { LIMITS, type Limits as ServiceLimits } from '@capkit/api';
import { checkNumber } from './checkNumber.js';
import { ConfigurationError } from './errors/clientErrors.js';

/**
 * The limits a task lives by: the service's own (generated from the spec's `x-capkit-limits`:
 * `maxQueriesPerTask`, `taskLifetimeMs`, `pollIntervalMs`, solve times) plus two client choices.
 * Override them per client (`createClient({ limits })`), e.g. to match a time-scaled emulator.
 */
export interface Limits extends ServiceLimits {
  /** The smallest gap between two queries of one task, whatever the policy says. Default 250 ms. */
  readonly minPollGapMs: number;
  /**
   * How long before the end of the lifetime the last query is sent, so that it reaches the service
   * while the result still exists. The lifetime is already counted from the moment `createTask` was
   * sent (before the service created the task), so one round trip of margin is enough. Default 1000 ms.
   */
  readonly lifetimeSafetyMarginMs: number;
}

/** The default {@link Limits}: the spec's `LIMITS` plus the client's own defaults. */
export const DEFAULT_LIMITS: Limits = Object.freeze({ ...LIMITS, minPollGapMs: 250, lifetimeSafetyMarginMs: 1000 });

/** Merges overrides into {@link DEFAULT_LIMITS}; every value must be a finite number >= 0 (the budget >= 1). */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits: Record<keyof Limits, number> = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!isLimitName(name)) {
      if (value === undefined) continue;
      throw new ConfigurationError(`Unknown limit "${name}".`);
    }
    limits[name] = checkNumber(`Limit ${name}`, value, limits[name], name === 'maxQueriesPerTask' ? 1 : 0);
  }
  return Object.freeze(limits);
}

/** Whether `name` is one of the {@link Limits} (own keys of the defaults only). */
function isLimitName(name: string): name is keyof Limits {
  return Object.hasOwn(DEFAULT_LIMITS, name);
}

/**
 * Limits with every duration multiplied by `factor` (the query budget is kept): match an emulator
 * started with `timeScale: factor`, whose service durations all shrink by that factor.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ timeScale: 0.01 });
 * const client = createClient({ apiKey, baseUrl: emulator.url, limits: scaleLimits(0.01) });
 * ```
 */
export function scaleLimits(factor: number, base: Limits = DEFAULT_LIMITS): Limits {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new ConfigurationError(`scaleLimits: factor must be a positive number, got ${factor}.`);
  const scaled: Record<string, number> = {};
  for (const [name, value] of Object.entries(base)) {
    scaled[name] = name === 'maxQueriesPerTask' ? value : value * factor;
  }
  return Object.freeze(scaled as unknown as Limits);
}

/** The last moment a query may be sent for a task created at `createdAt`. */
export function lastQueryAt(createdAt: number, limits: Limits): number {
  return createdAt + limits.taskLifetimeMs - limits.lifetimeSafetyMarginMs;
}
