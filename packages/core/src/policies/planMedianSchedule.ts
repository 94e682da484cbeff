import { evaluateSchedule, type PlanPollScheduleOptions, type PollPlan } from './planPollSchedule.js';
import type { SolveTimeDistribution } from './solveTimeDistribution.js';

/** The CDF on a time grid over the horizon (the last cell holds whatever is left). */
interface Grid {
  step: number;
  cells: number;
  gapCells: number;
  /** The longest gap allowed, in cells (at least `gapCells`). */
  maxGapCells: number;
  cdf: Float64Array;
}

function buildGrid(distribution: SolveTimeDistribution, options: PlanPollScheduleOptions): Grid {
  // Fewer cells than the mean planner: this one solves a few hundred programs per plan.
  const cells = Math.min(1_000, Math.max(8, Math.round(options.cells ?? 240)));
  const step = options.horizonMs / cells;
  const cdf = new Float64Array(cells + 1);
  for (let k = 1; k <= cells; k += 1) {
    const raw = k === cells ? 1 : distribution.cdf(k * step);
    cdf[k] = Number.isFinite(raw) ? Math.min(1, Math.max(cdf[k - 1]!, raw)) : cdf[k - 1]!;
  }
  const gapCells = Math.min(cells, Math.max(1, Math.ceil(options.minGapMs / step - 1e-9)));
  const maxGapMs = options.maxGapMs ?? Number.POSITIVE_INFINITY;
  return { step, cells, cdf, gapCells, maxGapCells: Math.max(gapCells, Math.floor(maxGapMs / step + 1e-9)) };
}

interface Choice {
  next: Int32Array;
  /** Share of tasks seen within `withinMs` of being ready. */
  share: number;
  queries: number;
}

/**
 * The schedule that maximises P(latency ≤ withinMs) − price × E[queries], by dynamic programming
 * over the grid (the last query at the horizon). A task solved in cell k and seen at cell j waits
 * (j − k) to (j − k + 1) cells; the cell straddling `withinMs` counts pro rata.
 */
function bestSchedule(grid: Grid, withinMs: number, price: number): Choice {
  const { step, cells, gapCells, maxGapCells, cdf } = grid;
  const whole = Math.floor(withinMs / step);
  const part = withinMs / step - whole;
  const hit = (i: number, j: number): number => {
    let value = cdf[j]! - cdf[Math.max(i, j - whole)]!;
    const edge = j - whole;
    if (edge > i && edge >= 1) value += part * (cdf[edge]! - cdf[edge - 1]!);
    return value;
  };
  const value = new Float64Array(cells + 1);
  const next = new Int32Array(cells + 1).fill(cells);
  for (let i = cells - 1; i >= 0; i -= 1) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = Math.min(cells, i + gapCells); j <= Math.min(cells, i + maxGapCells); j += 1) {
      const total = hit(i, j) + value[j]!;
      if (total > best) {
        best = total;
        next[i] = j;
      }
    }
    value[i] = best - price * (1 - cdf[i]!);
  }
  let share = 0;
  let queries = 0;
  for (let i = 0; i < cells; i = next[i]!) {
    share += hit(i, next[i]!);
    queries += 1 - cdf[i]!;
  }
  return { next, share, queries };
}

/** The best schedule for `withinMs` that spends at most `budget` expected queries (bisection on the price). */
function withinBudget(grid: Grid, withinMs: number, budget: number): Choice {
  const cheapest = bestSchedule(grid, withinMs, 0);
  if (cheapest.queries <= budget) return cheapest;
  let low = 0;
  let high = 1;
  let best = bestSchedule(grid, withinMs, high);
  while (best.queries > budget && high < 1e6) best = bestSchedule(grid, withinMs, (high *= 4));
  for (let round = 0; round < 24; round += 1) {
    const middle = (low + high) / 2;
    const choice = bestSchedule(grid, withinMs, middle);
    if (choice.queries <= budget) [high, best] = [middle, choice];
    else low = middle;
  }
  return best;
}

/**
 * Places queries to minimise the *median* latency (ready → seen) for an expected query budget:
 * for a candidate median x, a dynamic program finds the schedule that sees the most tasks within x
 * for the budget (Lagrangian relaxation of the budget), and x is bisected until half the tasks are
 * seen in time. Where {@link planPollSchedule} spends queries on every task alike, this one spends
 * them where they make the typical task fast: dense polling over the most likely half of the solve
 * times, sparse elsewhere, so the slower tasks wait longer (a higher p95). `targetQueries` is
 * required (default 1); costs a few hundred O(cells²) programs per plan (some 100 ms at the
 * default 240 cells), computed once per distribution and cached by the policies.
 */
export function planMedianSchedule(distribution: SolveTimeDistribution, options: PlanPollScheduleOptions): PollPlan {
  const grid = buildGrid(distribution, options);
  const budget = Math.max(1, options.targetQueries ?? 1);
  let low = 0;
  let high = options.horizonMs;
  let chosen = withinBudget(grid, high, budget);
  // Bisect the median to the grid's resolution: below a tenth of a cell the plan no longer changes.
  while (high - low > grid.step / 10) {
    const middle = (low + high) / 2;
    const choice = withinBudget(grid, middle, budget);
    if (choice.share >= 0.5) [high, chosen] = [middle, choice];
    else low = middle;
  }
  const times: number[] = [];
  for (let i = chosen.next[0]!; ; i = chosen.next[i]!) {
    times.push(i * grid.step);
    if (i >= grid.cells) break;
  }
  const { expectedQueries, expectedLatencyMs } = evaluateSchedule(times, distribution);
  return { times, expectedQueries, expectedLatencyMs, medianLatencyMs: high };
}
