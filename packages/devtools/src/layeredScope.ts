import { itemAt } from './lookups.js';
import { METRICS } from './layoutMetrics.js';

/** A box to place: a state, sized already (compound states carry their whole inner layout). */
export interface ScopeItem {
  id: string;
  width: number;
  height: number;
}

/** A connection between two items of the same scope (edges between nested states are projected). */
export interface ScopeLink {
  id: string;
  source: string;
  target: string;
  labelWidth: number;
  labelHeight: number;
}

export interface ScopeInput {
  /** Items in document order. */
  items: ScopeItem[];
  initial?: string;
  links: ScopeLink[];
  /** Final states line up in the last column, the way a lifecycle reads. */
  finals: ReadonlySet<string>;
  /** Space left of the first column, for the initial-state marker. */
  leftSpace: number;
}

/** A stretch of a long edge crossing a column, from `x1` to `x2` at height `y`. */
export interface Waypoint {
  x1: number;
  x2: number;
  y: number;
}

/** Positions relative to the scope's content origin. */
export interface PlacedScope {
  width: number;
  height: number;
  positions: Map<string, { x: number; y: number }>;
  /** Column crossings of forward links: every link passes at least its own label column. */
  waypoints: Map<string, Waypoint[]>;
  /** Label centres of forward links (back links carry theirs on their lane). */
  labels: Map<string, { x: number; y: number }>;
  /** Links that point backwards (against the flow); they are routed below the content, in `lanes`. */
  lanes: Map<string, number>;
}

interface Slot {
  id: string;
  width: number;
  height: number;
  /** Dummy slots hold the crossing point of a long link, as in Sugiyama-style layouts. */
  dummyOf?: string;
  /** The dummy that carries its link's label (sized to it). */
  label?: boolean;
}

/**
 * Left-to-right layered layout of one scope: back links found by DFS from the initial state,
 * longest-path layering, dummy slots for long links, barycenter ordering, then coordinates that
 * align each state with its predecessors. Small and deterministic; state machines are small.
 *
 * As in dagre, states sit on even ranks and every forward link gets a label slot on the odd rank
 * after its source, sized to its label: labels never overlap states or each other.
 */
export function layoutScope(input: ScopeInput): PlacedScope {
  const back = findBackLinks(input);
  const forward = input.links.filter((link) => !back.has(link.id) && link.source !== link.target);
  const layerOf = assignLayers(input, forward);
  const { columns, chains } = buildColumns(input, forward, layerOf);
  orderColumns(columns, chains);
  const placed = placeColumns(columns, chains, input.leftSpace);
  const lanes = assignLanes(
    input.links.filter((link) => back.has(link.id)),
    layerOf,
    placed.height,
  );
  return { ...placed, lanes: lanes.lanes, height: lanes.height };
}

function findBackLinks(input: ScopeInput): Set<string> {
  const outgoing = groupBy(input.links, (link) => link.source);
  const status = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const visit = (id: string): void => {
    status.set(id, 'open');
    for (const link of outgoing.get(id) ?? []) {
      const seen = status.get(link.target);
      if (seen === 'open') back.add(link.id);
      else if (seen === undefined) visit(link.target);
    }
    status.set(id, 'done');
  };
  for (const id of startOrder(input)) if (!status.has(id)) visit(id);
  return back;
}

/** The initial state first, then the others in document order. */
function startOrder(input: ScopeInput): string[] {
  const ids = input.items.map((item) => item.id);
  return input.initial ? [input.initial, ...ids.filter((id) => id !== input.initial)] : ids;
}

function assignLayers(input: ScopeInput, forward: ScopeLink[]): Map<string, number> {
  const layerOf = new Map(input.items.map((item) => [item.id, 0]));
  // Longest path over an acyclic link set: relax |items| times (tiny graphs, no topological sort needed).
  for (let round = 0; round < input.items.length; round++) {
    for (const link of forward) {
      const next = (layerOf.get(link.source) ?? 0) + 1;
      if (next > (layerOf.get(link.target) ?? 0)) layerOf.set(link.target, next);
    }
  }
  const lastNonFinal = Math.max(
    0,
    ...input.items.filter((i) => !input.finals.has(i.id)).map((i) => layerOf.get(i.id) ?? 0),
  );
  for (const id of input.finals) layerOf.set(id, Math.max(layerOf.get(id) ?? 0, lastNonFinal + 1));
  return layerOf;
}

function buildColumns(input: ScopeInput, forward: ScopeLink[], layerOf: Map<string, number>) {
  const rankOf = (id: string) => 2 * (layerOf.get(id) ?? 0);
  const depth = Math.max(0, ...[...layerOf.keys()].map(rankOf)) + 1;
  const columns: Slot[][] = Array.from({ length: depth }, () => []);
  for (const id of discoveryOrder(input, forward)) {
    const item = input.items.find((candidate) => candidate.id === id);
    if (item) columns[rankOf(id)]?.push({ ...item });
  }
  // A chain is the slot sequence a forward link passes through: source, label, dummies, target.
  const chains = forward.map((link) => {
    const slots = [link.source];
    for (let rank = rankOf(link.source) + 1; rank < rankOf(link.target); rank++) {
      const label = rank === rankOf(link.source) + 1;
      const slot: Slot = label
        ? { id: `${link.id}@${rank}`, width: link.labelWidth, height: link.labelHeight, dummyOf: link.id, label }
        : { id: `${link.id}@${rank}`, width: 0, height: 6, dummyOf: link.id };
      columns[rank]?.push(slot);
      slots.push(slot.id);
    }
    slots.push(link.target);
    return { link, slots };
  });
  return { columns, chains };
}

/** Depth-first discovery order from the initial state keeps related states next to each other. */
function discoveryOrder(input: ScopeInput, forward: ScopeLink[]): string[] {
  const outgoing = groupBy(forward, (link) => link.source);
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    order.push(id);
    for (const link of outgoing.get(id) ?? []) visit(link.target);
  };
  for (const id of startOrder(input)) visit(id);
  return order;
}

type Chain = { link: ScopeLink; slots: string[] };

function orderColumns(columns: Slot[][], chains: Chain[]): void {
  const neighbours = new Map<string, { prev: string[]; next: string[] }>();
  const entry = (id: string) => {
    let found = neighbours.get(id);
    if (!found) {
      found = { prev: [], next: [] };
      neighbours.set(id, found);
    }
    return found;
  };
  for (const { slots } of chains) {
    for (let i = 1; i < slots.length; i++) {
      entry(itemAt(slots, i)).prev.push(itemAt(slots, i - 1));
      entry(itemAt(slots, i - 1)).next.push(itemAt(slots, i));
    }
  }
  // Barycenter sweeps, down then up; ties keep the current order, so the result is deterministic.
  for (let sweep = 0; sweep < 4; sweep++) {
    const downward = sweep % 2 === 0;
    const indices = downward
      ? columns.map((_, i) => i).slice(1)
      : columns
          .map((_, i) => i)
          .reverse()
          .slice(1);
    for (const index of indices) {
      const reference = columns[downward ? index - 1 : index + 1] ?? [];
      const rank = new Map(reference.map((slot, i) => [slot.id, i]));
      const column = columns[index] ?? [];
      const keyed = column.map((slot, i) => {
        const links = downward ? entry(slot.id).prev : entry(slot.id).next;
        const ranks = links.map((id) => rank.get(id)).filter((r): r is number => r !== undefined);
        return { slot, key: ranks.length ? ranks.reduce((a, b) => a + b, 0) / ranks.length : i, i };
      });
      keyed.sort((a, b) => a.key - b.key || a.i - b.i);
      columns[index] = keyed.map((k) => k.slot);
    }
  }
}

function placeColumns(columns: Slot[][], chains: Chain[], leftSpace: number) {
  const centers = new Map<string, number>();
  const predecessors = groupPairs(chains);
  const positions = new Map<string, { x: number; y: number }>();
  const crossings = new Map<string, { x1: number; x2: number; slot: Slot }>();
  const labelX = new Map<string, number>();
  let x = leftSpace;
  columns.forEach((column, index) => {
    const width = Math.max(0, ...column.map((slot) => slot.width));
    const wanted = column.map((slot) => average((predecessors.get(slot.id) ?? []).map((id) => centers.get(id))));
    const tops = stack(column, wanted);
    column.forEach((slot, i) => {
      const top = tops[i] ?? 0;
      centers.set(slot.id, top + slot.height / 2);
      if (slot.dummyOf) crossings.set(slot.id, { x1: x, x2: x + width, slot });
      else positions.set(slot.id, { x: x + (width - slot.width) / 2, y: top });
      if (slot.label && slot.dummyOf) labelX.set(slot.dummyOf, x + width / 2);
    });
    x += width + (index < columns.length - 1 ? METRICS.rankGap : 0);
  });
  const top = Math.min(0, ...columns.flat().map((slot) => (centers.get(slot.id) ?? 0) - slot.height / 2));
  for (const position of positions.values()) position.y -= top;
  const waypoints = new Map<string, Waypoint[]>();
  const labels = new Map<string, { x: number; y: number }>();
  for (const { link, slots } of chains) {
    const points = slots.flatMap((id) => {
      const crossing = crossings.get(id);
      return crossing ? [{ x1: crossing.x1, x2: crossing.x2, y: (centers.get(id) ?? 0) - top }] : [];
    });
    waypoints.set(link.id, points);
    const x = labelX.get(link.id);
    if (x !== undefined && points[0]) labels.set(link.id, { x, y: points[0].y });
  }
  const height = Math.max(0, ...columns.flat().map((slot) => (centers.get(slot.id) ?? 0) - top + slot.height / 2));
  return { width: x, positions, waypoints, labels, height };
}

/**
 * Tops for a column's slots: each wants to be centred on its predecessors (`wanted`), in order and
 * apart by `rowGap` (states) or `slotGap` (labels, crossings). Slots without a wish follow the
 * previous one; a column with no wishes at all (the first) is centred on 0.
 */
function stack(column: Slot[], wanted: (number | undefined)[]): number[] {
  const tops: number[] = [];
  let bottom: number | undefined;
  column.forEach((slot, i) => {
    const previous = column[i - 1];
    const gap = slot.dummyOf || previous?.dummyOf ? METRICS.slotGap : METRICS.rowGap;
    const floor = bottom === undefined ? -Infinity : bottom + gap;
    const wish = wanted[i];
    const top = Math.max(wish === undefined ? floor : wish - slot.height / 2, floor);
    tops.push(Number.isFinite(top) ? top : 0);
    bottom = itemAt(tops, i) + slot.height;
  });
  if (wanted.every((wish) => wish === undefined)) {
    const total = bottom ?? 0;
    return tops.map((top) => top - total / 2);
  }
  return tops;
}

function assignLanes(backLinks: ScopeLink[], layerOf: Map<string, number>, contentHeight: number) {
  const span = (link: ScopeLink) => Math.abs((layerOf.get(link.source) ?? 0) - (layerOf.get(link.target) ?? 0));
  // Short arcs closest to the states, so nested arcs never cross.
  const sorted = [...backLinks].sort((a, b) => span(a) - span(b));
  const lanes = new Map<string, number>();
  let y = contentHeight + METRICS.laneGap;
  for (const link of sorted) {
    lanes.set(link.id, y + link.labelHeight / 2);
    y += link.labelHeight + 8;
  }
  return { lanes, height: sorted.length ? y : contentHeight };
}

function groupPairs(chains: Chain[]): Map<string, string[]> {
  const predecessors = new Map<string, string[]>();
  for (const { slots } of chains) {
    for (let i = 1; i < slots.length; i++) {
      predecessors.set(itemAt(slots, i), [...(predecessors.get(itemAt(slots, i)) ?? []), itemAt(slots, i - 1)]);
    }
  }
  return predecessors;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(key(value), [...(groups.get(key(value)) ?? []), value]);
  return groups;
}

function average(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
}
