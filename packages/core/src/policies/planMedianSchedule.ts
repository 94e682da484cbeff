import { cellAt } from './cellAt.js';
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
const gridCells = (options: Pick<ShareProgramOptions, 'cells'>): number =>
  Math.min(1_000, Math.max(8, Math.round(options.cells ?? 240)));

function buildGrid(distribution: SolveTimeDistribution, options: ShareProgramOptions): Grid {
  const cells = gridCells(options);
  const step = options.horizonMs / cells;
  const cdf = new Float64Array(cells + 1);
  for (let k = 1; k <= cells; k += 1) {
    const raw = k === cells ? 1 : distribution.cdf(k * step);
    cdf[k] = Number.isFinite(raw) ? Math.min(1, Math.max(cellAt(cdf, k - 1), raw)) : cellAt(cdf, k - 1);
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
    for (let i = 0; i < grid.cells; i = cellAt(next, i)) {
      share += hitShare(grid, withinMs, i, cellAt(next, i));
      queries += 1 - cellAt(grid.cdf, i);
      times.push(cellAt(next, i) * grid.step);
    }
    return { times, share, queries };
  };
}

/** Share of tasks solved in cells (i, j] and seen at j within `withinMs`. */
function hitShare({ step, cdf }: Grid, withinMs: number, i: number, j: number): number {
  const whole = Math.floor(withinMs / step);
  const part = withinMs / step - whole;
  let value = cellAt(cdf, j) - cellAt(cdf, Math.max(i, j - whole));
  const edge = j - whole;
  if (edge > i && edge >= 1) value += part * (cellAt(cdf, edge) - cellAt(cdf, edge - 1));
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
      const total = hitShare(grid, withinMs, i, j) + cellAt(value, j);
      if (total > best) {
        best = total;
        next[i] = j;
      }
    }
    value[i] = best - price * (1 - cellAt(cdf, i));
  }
  return next;
}

/**
 * The share of tasks a median plan sees within its bound: a little over half. Planning for exactly
 * half puts the median on the edge between dense and sparse polling, where a handful of tasks either
 * way moves a measured median by seconds (a finite sample of tasks, a distribution learned from a
 * sample). With 55 % inside, the median of real traffic stays inside the dense window.
 */
export const MEDIAN_PLAN_SHARE = 0.55;

/** One task type of a traffic mix, for {@link planTrafficMedian}. */
export interface TrafficComponent {
  /** Its share of the tasks (any positive scale: counts, rates). */
  readonly weight: number;
  readonly distribution: SolveTimeDistribution;
  /** Its last planned query, in ms since creation. */
  readonly horizonMs: number;
}

/** Options of {@link planTrafficMedian}. */
export interface TrafficMedianOptions extends Pick<
  PlanPollScheduleOptions,
  'minGapMs' | 'maxGapMs' | 'cells' | 'targetQueries'
> {
  /** The share of all tasks to see within the median bound. Default {@link MEDIAN_PLAN_SHARE}; 0.5 is the exact median. */
  share?: number | undefined;
}

/** The traffic's share within a bound and its queries per task, with each type's schedule. */
interface TrafficChoice {
  share: number;
  queries: number;
  schedules: ShareSchedule[];
  /** The denser schedules a `weight` share of the tasks follows, so that the choice spends the budget exactly. */
  alternate?: { weight: number; schedules: ShareSchedule[] } | undefined;
}

type TrafficProgram = (withinMs: number, price: number) => TrafficChoice;

/** One program for the whole traffic: the Lagrangian decomposes over task types (one price, one schedule each). */
function trafficProgram(components: readonly TrafficComponent[], options: TrafficMedianOptions): TrafficProgram {
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  const programs = components.map((component) => ({
    weight: component.weight / total,
    program: createShareProgram(component.distribution, { ...options, horizonMs: component.horizonMs }),
  }));
  return (withinMs, price) => {
    const choice: TrafficChoice = { share: 0, queries: 0, schedules: [] };
    for (const { weight, program } of programs) {
      const schedule = program(withinMs, price);
      choice.share += weight * schedule.share;
      choice.queries += weight * schedule.queries;
      choice.schedules.push(schedule);
    }
    return choice;
  };
}

/**
 * The best schedules for `withinMs` that spend `budget` expected queries. The price is bisected to
 * the two best schedules around the budget: one spends less, the other more, and nothing between
 * them is better for the price (the budget sits on the edge between two corners of what a
 * schedule can reach). A share of the tasks follows the denser one, so that the traffic spends the
 * budget exactly, rather than leaving what the cheaper one does not spend (up to 6 % of it).
 */
function withinBudget(program: TrafficProgram, withinMs: number, budget: number): TrafficChoice {
  let low = 0;
  let denser = program(withinMs, low);
  if (denser.queries <= budget) return denser;
  let high = 1;
  let best = program(withinMs, high);
  while (best.queries > budget && high < 1e6) {
    [low, denser] = [high, best];
    best = program(withinMs, (high *= 4));
  }
  for (let round = 0; round < 24; round += 1) {
    const middle = (low + high) / 2;
    const choice = program(withinMs, middle);
    if (choice.queries <= budget) [high, best] = [middle, choice];
    else [low, denser] = [middle, choice];
  }
  return mixToBudget(best, denser, budget);
}

/**
 * `cheaper` for most tasks, `denser` (over the budget) for the share that brings the mean queries to
 * `budget`; `cheaper` alone when it already spends the budget or more (no price brought it under).
 */
function mixToBudget(cheaper: TrafficChoice, denser: TrafficChoice, budget: number): TrafficChoice {
  const extra = denser.queries - cheaper.queries;
  const weight = extra > 0 ? (budget - cheaper.queries) / extra : 0;
  if (!(weight > 0)) return cheaper;
  return {
    share: cheaper.share + weight * (denser.share - cheaper.share),
    queries: cheaper.queries + weight * extra,
    schedules: cheaper.schedules,
    alternate: { weight, schedules: denser.schedules },
  };
}

/**
 * Median planning for traffic made of several task types: one median bound for all tasks, one price
 * per query for all types, so queries go to the types where they see the most tasks in time (a fast
 * type is polled densely, a slow one sparsely) instead of each type getting the same budget.
 * `targetQueries` is the traffic's mean (default 1). For a candidate bound x, each type's share
 * program is solved at a common price, bisected to the budget; x is bisected until `share` of all
 * tasks are seen within it. Returns one plan per component, in order; each plan's
 * `medianLatencyMs` is the traffic's bound.
 */
export function planTrafficMedian(components: readonly TrafficComponent[], options: TrafficMedianOptions): PollPlan[] {
  if (components.length === 0) return [];
  const program = trafficProgram(components, options);
  const budget = Math.max(1, options.targetQueries ?? 1);
  const share = options.share ?? MEDIAN_PLAN_SHARE;
  const longest = Math.max(...components.map((component) => component.horizonMs));
  // Bisect the bound to a tenth of a grid cell: finer, the plans no longer change.
  const resolution = longest / gridCells(options) / 10;
  let low = 0;
  let high = longest;
  let chosen = withinBudget(program, high, budget);
  while (high - low > resolution) {
    const middle = (low + high) / 2;
    const choice = withinBudget(program, middle, budget);
    if (choice.share >= share) [high, chosen] = [middle, choice];
    else low = middle;
  }
  return components.map((component, index) => toMedianPlan(chosen, index, component.distribution, high));
}

/** One component's plan of a traffic choice: its schedule, and the denser one a share of its tasks follows. */
function toMedianPlan(
  choice: TrafficChoice,
  index: number,
  distribution: SolveTimeDistribution,
  medianLatencyMs: number,
): PollPlan {
  const { times } = cellAt(choice.schedules, index);
  const expected = evaluateSchedule(times, distribution);
  const { alternate } = choice;
  if (!alternate) return { times, ...expected, medianLatencyMs };
  const denser = cellAt(alternate.schedules, index).times;
  const other = evaluateSchedule(denser, distribution);
  const mix = (mine: number, theirs: number) => mine + alternate.weight * (theirs - mine);
  return {
    times,
    expectedQueries: mix(expected.expectedQueries, other.expectedQueries),
    expectedLatencyMs: mix(expected.expectedLatencyMs, other.expectedLatencyMs),
    medianLatencyMs,
    alternate: { times: denser, weight: alternate.weight },
  };
}

/**
 * Places queries to minimise the *median* latency (ready → seen) for an expected query budget:
 * for a candidate median x, a dynamic program finds the schedule that sees the most tasks within x
 * for the budget (Lagrangian relaxation of the budget), and x is bisected until half the tasks are
 * seen in time ({@link MEDIAN_PLAN_SHARE} of them, for a margin). The budget is spent exactly: a
 * share of the tasks follows a denser schedule (`alternate`) where it falls between two. Where {@link planPollSchedule}
 * spends queries on every task alike, this one spends them where they make the typical task fast:
 * dense polling over the most likely half of the solve times, sparse elsewhere, so the slower tasks
 * wait longer (a higher p95). `targetQueries` is required (default 1); costs a few hundred
 * O(cells²) programs per plan (some 100 ms at the default 240 cells), computed once per
 * distribution and cached by the policies. {@link planTrafficMedian} plans several task types at once.
 */
export function planMedianSchedule(distribution: SolveTimeDistribution, options: PlanPollScheduleOptions): PollPlan {
  return cellAt(planTrafficMedian([{ weight: 1, distribution, horizonMs: options.horizonMs }], options), 0);
}
