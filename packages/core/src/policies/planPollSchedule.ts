import { cellAt } from './cellAt.js';
import type { SolveTimeDistribution } from './solveTimeDistribution.js';

/** A poll schedule computed by {@link planPollSchedule}, with what it is expected to cost and gain. */
export interface PollPlan {
  /** When to query, in ms since the task was created, increasing; the last one at or just past the horizon. */
  readonly times: readonly number[];
  /** Expected `getTaskResult` queries per task, for tasks solved within the horizon. */
  readonly expectedQueries: number;
  /** Expected ms from the moment a task is ready to the query that sees it. */
  readonly expectedLatencyMs: number;
  /** What one query was worth, in ms of expected latency, when the plan was chosen (mean-latency plans). */
  readonly queryCostMs?: number | undefined;
  /**
   * Median-latency plans (see `planMedianSchedule`): the latency (ready → seen) within which the plan
   * sees 55 % of the tasks, in ms, so an upper bound of its median.
   */
  readonly medianLatencyMs?: number | undefined;
  /**
   * Median-latency plans: a denser schedule that a `weight` share of the tasks follows instead of
   * `times` (each task picks by a hash of its id), so that the plan spends its budget exactly. A
   * budget usually falls between two best schedules; the cheaper one alone would leave part of it
   * unspent. `expectedQueries` and `expectedLatencyMs` are those of the mix.
   */
  readonly alternate?: { readonly times: readonly number[]; readonly weight: number } | undefined;
}

/** Options of {@link planPollSchedule}. */
export interface PlanPollScheduleOptions {
  /** The time of the last planned query (ms since creation); later tasks are the caller's business. */
  horizonMs: number;
  /** The smallest gap between two queries, and before the first one. */
  minGapMs: number;
  /** The price of one query in ms of expected latency. Exclusive with `targetQueries`. */
  queryCostMs?: number | undefined;
  /** The expected number of queries per task to spend; the plan gets the lowest latency within it. */
  targetQueries?: number | undefined;
  /** The longest gap between two queries (median plans only; default none). */
  maxGapMs?: number | undefined;
  /** Time grid cells over the horizon (resolution vs. planning cost, which grows with its square). Default 480, at most 2,000. */
  cells?: number | undefined;
}

/**
 * The CDF sampled on a time grid, with the running first moment, so any interval's cost is O(1).
 * The arrays run a minimum gap past the horizon, where every task counts as solved, so that a last
 * query may follow the final cell (it sees the little mass left).
 */
interface Grid {
  step: number;
  /** Cells up to the horizon. */
  cells: number;
  cdf: Float64Array;
  moment: Float64Array;
  gapCells: number;
}

function buildGrid(distribution: SolveTimeDistribution, options: PlanPollScheduleOptions): Grid {
  // 8..2000 cells: coarser is useless, finer costs seconds (the planning cost grows with the square).
  const cells = Math.min(2_000, Math.max(8, Math.round(options.cells ?? 480)));
  const step = options.horizonMs / cells;
  // A gap longer than the horizon means a single query just past it.
  const gapCells = Math.min(cells + 1, Math.max(1, Math.ceil(options.minGapMs / step - 1e-9)));
  const cdf = new Float64Array(cells + gapCells + 1);
  const moment = new Float64Array(cells + gapCells + 1);
  // Index 0 is "no query yet": nothing is known solved before the first query, so its mass is 0
  // and whatever is solved at time 0 is counted in the first cell.
  let last = 0;
  for (let k = 1; k < cdf.length; k += 1) {
    const raw = k >= cells ? 1 : distribution.cdf(k * step);
    const value = Number.isFinite(raw) ? Math.min(1, Math.max(last, raw)) : last;
    cdf[k] = value;
    moment[k] = cellAt(moment, k - 1) + (k - 0.5) * step * (value - last);
    last = value;
  }
  return { step, cells, cdf, moment, gapCells };
}

interface Solved {
  next: Int32Array;
  queries: number;
  latency: number;
}

/**
 * Dynamic programming over the grid: `cost[i]` is the least expected (latency + price x queries)
 * still to pay after a query at cell `i` saw the task unsolved, weighted by the chance of getting
 * there. A query at `j` after one at `i` is sent only if the task was unsolved at `i` (probability
 * `1 - F(i)`), and every task solved in `(i, j]` waits until `j`.
 */
function solve(grid: Grid, price: number): Solved {
  const { step, cells, cdf, moment, gapCells } = grid;
  const cost = new Float64Array(cdf.length);
  const next = new Int32Array(cells + 1);
  for (let i = cells - 1; i >= 0; i -= 1) {
    const fi = cellAt(cdf, i);
    const base = price * (1 - fi) + cellAt(moment, i);
    const last = Math.max(cells, i + gapCells);
    let best = Number.POSITIVE_INFINITY;
    let choice = last;
    for (let j = i + gapCells; j <= last; j += 1) {
      // cost[j] is 0 from the horizon on: everything is solved there.
      const total = j * step * (cellAt(cdf, j) - fi) - cellAt(moment, j) + cellAt(cost, j);
      if (total < best) {
        best = total;
        choice = j;
      }
    }
    cost[i] = best + base;
    next[i] = choice;
  }
  let queries = 0;
  let latency = 0;
  for (let i = 0; i < cells; i = cellAt(next, i)) {
    const j = cellAt(next, i);
    queries += 1 - cellAt(cdf, i);
    latency += j * step * (cellAt(cdf, j) - cellAt(cdf, i)) - (cellAt(moment, j) - cellAt(moment, i));
  }
  return { next, queries, latency };
}

function toPlan(grid: Grid, solved: Solved, price: number): PollPlan {
  const times: number[] = [];
  const { cells } = grid;
  for (let i = cellAt(solved.next, 0); ; i = cellAt(solved.next, i)) {
    times.push(i * grid.step);
    if (i >= cells) break;
  }
  return { times, expectedQueries: solved.queries, expectedLatencyMs: solved.latency, queryCostMs: price };
}

/** Finds the cheapest price whose plan spends at most `target` queries (fewer queries as the price rises). */
function priceForTarget(grid: Grid, target: number, horizonMs: number): number {
  let low = 0;
  let high = 4 * horizonMs;
  if (solve(grid, low).queries <= target) return low;
  if (solve(grid, high).queries > target) return high;
  // Plans change in steps as the price moves; a relative precision of 0.1 % is finer than the grid.
  for (let round = 0; round < 40 && high - low > 1e-3 * high; round += 1) {
    const middle = (low + high) / 2;
    if (solve(grid, middle).queries <= target) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * Places queries to minimise the expected latency (ready → seen) for a query price, or for an
 * expected query budget (`targetQueries`, found by bisection on the price). This is the classic
 * optimal-inspection problem: queries go where the hazard of being solved is high relative to the
 * chance of still waiting, so a uniform 1–30 s distribution gets sparse early queries and denser
 * late ones, and a log-normal one gets a cluster around its mode. Pure and deterministic; costs
 * O(cells²) per price tried (a few ms at the default resolution).
 *
 * @example
 * ```ts
 * const plan = planPollSchedule(uniformSolveTime(1_000, 30_000), { horizonMs: 30_000, minGapMs: 250, targetQueries: 6 });
 * plan.times; // [6 062.5, 10 375, …, 30 000]
 * ```
 */
export function planPollSchedule(distribution: SolveTimeDistribution, options: PlanPollScheduleOptions): PollPlan {
  const grid = buildGrid(distribution, options);
  const price = options.queryCostMs ?? priceForTarget(grid, Math.max(1, options.targetQueries ?? 1), options.horizonMs);
  return toPlan(grid, solve(grid, price), price);
}

/**
 * The expected queries per task and latency (ms from ready to the query that sees it) of a fixed
 * list of query times under `distribution`, for tasks solved by the last one. Used to compare a
 * plan with the documented rhythm, and to derive the default budget.
 */
export function evaluateSchedule(
  times: readonly number[],
  distribution: SolveTimeDistribution,
): { expectedQueries: number; expectedLatencyMs: number } {
  let queries = 0;
  let latency = 0;
  let previous = 0;
  let solvedBefore = 0;
  for (const time of times) {
    queries += 1 - solvedBefore;
    // Midpoint rule over the interval: latency of the tasks solved in (previous, time].
    const parts = 32;
    const width = (time - previous) / parts;
    let below = solvedBefore;
    for (let part = 1; part <= parts; part += 1) {
      const at = part === parts ? time : previous + part * width;
      const value = Math.min(1, Math.max(below, distribution.cdf(at)));
      latency += (time - (at - width / 2)) * (value - below);
      below = value;
    }
    solvedBefore = below;
    previous = time;
  }
  return { expectedQueries: queries, expectedLatencyMs: latency };
}
