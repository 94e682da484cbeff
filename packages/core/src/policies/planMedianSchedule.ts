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

/** Grid cells: fewer by default than the mean planner's, as a median plan solves a few hundred programs. */
const gridCells = (options: ShareProgramOptions): number => Math.min(1_000, Math.max(8, Math.round(options.cells ?? 240)));

function buildGrid(distribution: SolveTimeDistribution, options: ShareProgramOptions): Grid {
  const cells = gridCells(options);
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

/** A schedule found by a {@link createShareProgram} program. */
export interface ShareSchedule {
  /** Query times in ms since creation, increasing, the last at the horizon. */
  readonly times: readonly number[];
  /** Share of tasks seen within the program's `withinMs` of being ready. */
  readonly share: number;
  /** Expected queries per task. */
  readonly queries: number;
}

/** For a latency bound and a price per query: the best schedule (see {@link createShareProgram}). */
export type ShareProgram = (withinMs: number, price: number) => ShareSchedule;

/** Options of {@link createShareProgram}. */
export type ShareProgramOptions = Pick<PlanPollScheduleOptions, 'horizonMs' | 'minGapMs' | 'maxGapMs' | 'cells'>;

/**
 * The building block of median planning, for one distribution on a time grid: a program that, for a
 * latency bound `withinMs` and a price per query, finds by dynamic programming the schedule that
 * maximises P(latency ≤ withinMs) − price × E[queries] (the last query at the horizon). A task solved
 * in cell k and seen at cell j waits (j − k) to (j − k + 1) cells; the cell straddling `withinMs`
 * counts pro rata. Each call costs O(cells²). {@link planMedianSchedule} bisects the price (for a
 * budget) and the bound (for the median); traffic made of several types can share one price.
 */
export function createShareProgram(distribution: SolveTimeDistribution, options: ShareProgramOptions): ShareProgram {
  const grid = buildGrid(distribution, options);
  return (withinMs, price) => {
    const next = bestNext(grid, withinMs, price);
    let share = 0;
    let queries = 0;
    const times: number[] = [];
    for (let i = 0; i < grid.cells; i = next[i]!) {
      share += hitShare(grid, withinMs, i, next[i]!);
      queries += 1 - grid.cdf[i]!;
      times.push(next[i]! * grid.step);
    }
    return { times, share, queries };
  };
}

/** Share of tasks solved in cells (i, j] and seen at j within `withinMs`. */
function hitShare({ step, cdf }: Grid, withinMs: number, i: number, j: number): number {
  const whole = Math.floor(withinMs / step);
  const part = withinMs / step - whole;
  let value = cdf[j]! - cdf[Math.max(i, j - whole)]!;
  const edge = j - whole;
  if (edge > i && edge >= 1) value += part * (cdf[edge]! - cdf[edge - 1]!);
  return value;
}

/** For each cell, the next query of the best schedule after a query there. */
function bestNext(grid: Grid, withinMs: number, price: number): Int32Array {
  const { cells, gapCells, maxGapCells, cdf } = grid;
  const value = new Float64Array(cells + 1);
  const next = new Int32Array(cells + 1).fill(cells);
  for (let i = cells - 1; i >= 0; i -= 1) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = Math.min(cells, i + gapCells); j <= Math.min(cells, i + maxGapCells); j += 1) {
      const total = hitShare(grid, withinMs, i, j) + value[j]!;
      if (total > best) {
        best = total;
        next[i] = j;
      }
    }
    value[i] = best - price * (1 - cdf[i]!);
  }
  return next;
}

/** The best schedule for `withinMs` that spends at most `budget` expected queries (bisection on the price). */
function withinBudget(program: ShareProgram, withinMs: number, budget: number): ShareSchedule {
  const cheapest = program(withinMs, 0);
  if (cheapest.queries <= budget) return cheapest;
  let low = 0;
  let high = 1;
  let best = program(withinMs, high);
  while (best.queries > budget && high < 1e6) best = program(withinMs, (high *= 4));
  for (let round = 0; round < 24; round += 1) {
    const middle = (low + high) / 2;
    const choice = program(withinMs, middle);
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
  const program = createShareProgram(distribution, options);
  const budget = Math.max(1, options.targetQueries ?? 1);
  // Bisect the median to a tenth of a grid cell: finer, the plan no longer changes.
  const resolution = options.horizonMs / gridCells(options) / 10;
  let low = 0;
  let high = options.horizonMs;
  let chosen = withinBudget(program, high, budget);
  while (high - low > resolution) {
    const middle = (low + high) / 2;
    const choice = withinBudget(program, middle, budget);
    if (choice.share >= 0.5) [high, chosen] = [middle, choice];
    else low = middle;
  }
  const { expectedQueries, expectedLatencyMs } = evaluateSchedule(chosen.times, distribution);
  return { times: chosen.times, expectedQueries, expectedLatencyMs, medianLatencyMs: high };
}
