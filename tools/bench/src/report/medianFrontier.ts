import type { MixtureComponent } from '@capkit/core';

/** The lowest median latency found for a query budget. */
export interface FrontierPoint {
  /** Expected queries per task spent. */
  queries: number;
  /** The lowest median latency (ms after ready) any poll schedule was found to reach with them. */
  medianMs: number;
}

interface Grid {
  step: number;
  cells: number;
  gap: number;
  cdf: Float64Array;
}

function grid(distribution: MixtureComponent['distribution'], horizonMs: number, cells: number, gapMs: number): Grid {
  const step = horizonMs / cells;
  const cdf = new Float64Array(cells + 1);
  for (let k = 1; k <= cells; k += 1) cdf[k] = k === cells ? 1 : Math.min(1, Math.max(cdf[k - 1]!, distribution.cdf(k * step)));
  return { step, cells, gap: Math.max(1, Math.ceil(gapMs / step)), cdf };
}

/**
 * For one task type: the schedule maximising P(latency <= x) - price x E[queries] (dynamic
 * programming over the grid; the last query is at the horizon). A task solved in cell k and seen
 * by a query at cell j waits (j - k) to (j - k + 1) cells, counted as within x pro rata.
 */
function bestShare(g: Grid, x: number, price: number): { share: number; queries: number } {
  const { step, cells, gap, cdf } = g;
  const whole = Math.floor(x / step);
  const part = x / step - whole;
  const hit = (i: number, j: number) => {
    const from = Math.max(i, j - whole);
    let value = cdf[j]! - cdf[from]!;
    const edge = j - whole;
    if (edge > i && edge >= 1) value += part * (cdf[edge]! - cdf[edge - 1]!);
    return value;
  };
  const value = new Float64Array(cells + 1);
  const next = new Int32Array(cells + 1).fill(cells);
  for (let i = cells - 1; i >= 0; i -= 1) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = Math.min(cells, i + gap); j <= cells; j += 1) {
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
  return { share, queries };
}

/** The largest share of tasks seen within x ms, over all schedules spending at most `budget` queries per task. */
function shareWithin(grids: ReadonlyArray<{ weight: number; grid: Grid }>, x: number, budget: number): number {
  const total = grids.reduce((sum, entry) => sum + entry.weight, 0);
  // The Lagrangian decomposes over task types: one price, one schedule per type.
  const at = (price: number) =>
    grids.reduce(
      (sum, entry) => {
        const result = bestShare(entry.grid, x, price);
        return { share: sum.share + (entry.weight / total) * result.share, queries: sum.queries + (entry.weight / total) * result.queries };
      },
      { share: 0, queries: 0 },
    );
  let low = 0;
  let high = 1;
  if (at(low).queries <= budget) return at(low).share;
  while (at(high).queries > budget && high < 1e6) high *= 4;
  for (let round = 0; round < 30; round += 1) {
    const middle = (low + high) / 2;
    if (at(middle).queries <= budget) high = middle;
    else low = middle;
  }
  return at(high).share;
}

/**
 * The lowest median latency found for each query budget, for traffic made of `components` (each
 * task type with its own schedule): for a candidate median x, a dynamic program finds the schedule
 * that sees the most tasks within x ms for the budget (by Lagrangian relaxation of the budget, so a
 * budget between two optimal schedules is rounded to the cheaper one); x is bisected until half the
 * tasks are seen in time. Queries are at least `gapMs` apart and keep coming until the horizon.
 * Network time is left out. It is a yardstick for the targets, not a policy: a median-only schedule
 * may leave its slowest tasks waiting long.
 */
export function medianFrontier(
  components: readonly MixtureComponent[],
  budgets: readonly number[],
  options: { horizonMs: number; gapMs: number; cells?: number },
): FrontierPoint[] {
  const grids = components.map((component) => ({
    weight: component.weight,
    grid: grid(component.distribution, options.horizonMs, options.cells ?? 300, options.gapMs),
  }));
  return budgets.map((budget) => {
    let low = 0;
    let high = options.horizonMs;
    for (let round = 0; round < 22; round += 1) {
      const middle = (low + high) / 2;
      if (shareWithin(grids, middle, budget) >= 0.5) high = middle;
      else low = middle;
    }
    return { queries: budget, medianMs: high };
  });
}

/** The frontier's median at `queries` (linear between points; the last point beyond). */
export function frontierAt(points: readonly FrontierPoint[], queries: number): number | undefined {
  const sorted = [...points].sort((a, b) => a.queries - b.queries);
  if (sorted.length === 0 || queries < sorted[0]!.queries) return undefined;
  for (let index = 1; index < sorted.length; index += 1) {
    const [a, b] = [sorted[index - 1]!, sorted[index]!];
    if (queries <= b.queries) return a.medianMs + ((queries - a.queries) / (b.queries - a.queries)) * (b.medianMs - a.medianMs);
  }
  return sorted.at(-1)!.medianMs;
}
