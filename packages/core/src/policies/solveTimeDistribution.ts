import { ConfigurationError } from '../errors/clientErrors.js';

/**
 * What a poll planner needs to know about how long the service takes to solve a task: the
 * probability that a task is solved within `ms` of its creation. {@link hazard} places its queries
 * from it; {@link createSolveTimeModel} learns one from observed ready times.
 *
 * @example
 * ```ts
 * // A custom distribution: a quarter of the tasks within 2 s, the rest spread over 2–20 s.
 * const mine: SolveTimeDistribution = {
 *   cdf: (ms) => (ms < 2_000 ? (ms / 2_000) * 0.25 : Math.min(1, 0.25 + ((ms - 2_000) / 18_000) * 0.75)),
 *   maxMs: 20_000,
 * };
 * ```
 */
export interface SolveTimeDistribution {
  /** P(solve time <= `ms`): non-decreasing, between 0 and 1. */
  cdf(ms: number): number;
  /** A time by which (almost) every task is solved, if known; the planner looks no further. */
  readonly maxMs?: number | undefined;
}

function check(name: string, value: number, min = 0): void {
  if (!Number.isFinite(value) || value < min) {
    throw new ConfigurationError(`${name} must be a finite number >= ${min}, got ${String(value)}.`);
  }
}

/**
 * Solve times spread evenly between `minMs` and `maxMs` (the service documents 1–30 s).
 *
 * @example
 * ```ts
 * hazard({ distribution: uniformSolveTime(1_000, 30_000) });
 * ```
 */
export function uniformSolveTime(minMs: number, maxMs: number): SolveTimeDistribution {
  check('uniformSolveTime(minMs)', minMs);
  check('uniformSolveTime(maxMs)', maxMs);
  const low = Math.min(minMs, maxMs);
  const high = Math.max(minMs, maxMs);
  return {
    maxMs: high,
    cdf: (ms) => (ms >= high ? 1 : ms < low ? 0 : (ms - low) / (high - low)),
  };
}

/** The error function (Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7, plenty for planning). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const y = 1 - poly * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Options of {@link logNormalSolveTime}. */
export interface LogNormalSolveTimeOptions {
  /** The median solve time. */
  medianMs: number;
  /** The shape: the standard deviation of the log of the solve time (0.5 is a moderate spread). */
  sigma: number;
  /** Draws below are counted as this value. Default 0. */
  minMs?: number | undefined;
  /** Draws above are counted as this value (the service gives up at 120 s). Default: no cap. */
  maxMs?: number | undefined;
}

/**
 * Log-normal solve times: most tasks are quick, a few are slow, which is how real solve times look.
 * Clamped to [`minMs`, `maxMs`] like the emulator's `logNormal` distribution.
 *
 * @example
 * ```ts
 * hazard({ distribution: logNormalSolveTime({ medianMs: 6_000, sigma: 0.6, minMs: 1_000, maxMs: 120_000 }) });
 * ```
 */
export function logNormalSolveTime(options: LogNormalSolveTimeOptions): SolveTimeDistribution {
  const { medianMs, sigma, minMs = 0, maxMs = Number.POSITIVE_INFINITY } = options;
  check('logNormalSolveTime({ medianMs })', medianMs, Number.MIN_VALUE);
  check('logNormalSolveTime({ sigma })', sigma, Number.MIN_VALUE);
  check('logNormalSolveTime({ minMs })', minMs);
  if (!(maxMs >= minMs))
    throw new ConfigurationError(`logNormalSolveTime({ maxMs }) must be >= minMs, got ${String(maxMs)}.`);
  const mu = Math.log(medianMs);
  return {
    maxMs: Number.isFinite(maxMs) ? maxMs : Math.exp(mu + 4 * sigma),
    cdf: (ms) => {
      if (ms >= maxMs) return 1;
      if (ms < minMs || ms <= 0) return 0;
      return 0.5 * (1 + erf((Math.log(ms) - mu) / (sigma * Math.SQRT2)));
    },
  };
}

/** One component of {@link mixtureSolveTime}. */
export interface MixtureComponent {
  /** Relative weight (any scale; the weights are normalised). */
  weight: number;
  distribution: SolveTimeDistribution;
}

/**
 * A weighted mix of distributions, e.g. the traffic of a client that solves several task types whose
 * solve times differ.
 *
 * @example
 * ```ts
 * const traffic = mixtureSolveTime([
 *   { weight: 3, distribution: uniformSolveTime(1_000, 5_000) },
 *   { weight: 1, distribution: logNormalSolveTime({ medianMs: 15_000, sigma: 0.4 }) },
 * ]);
 * ```
 */
export function mixtureSolveTime(components: readonly MixtureComponent[]): SolveTimeDistribution {
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  if (components.length === 0 || !(total > 0) || components.some((component) => !(component.weight >= 0))) {
    throw new ConfigurationError(
      'mixtureSolveTime() needs at least one component and weights >= 0 with a positive sum.',
    );
  }
  const parts = components.map((component) => ({ share: component.weight / total, cdf: component.distribution.cdf }));
  const known = components.map((component) => component.distribution.maxMs);
  return {
    maxMs: known.every((ms) => ms !== undefined) ? Math.max(...(known as number[])) : undefined,
    cdf: (ms) => parts.reduce((sum, part) => sum + part.share * part.cdf(ms), 0),
  };
}
