import { entryOf, itemAt } from './lookups.js';
import { childUnder, scopeOf } from './graphScopes.js';
import type { AbsoluteScope, LayoutNode } from './layoutTypes.js';
import { labelHeight, labelWidth, METRICS, type LabelLine } from './layoutMetrics.js';

/** Transitions between the same two states, drawn as one arrow with one label line each. */
export interface EdgeGroup {
  id: string;
  source: string;
  target: string;
  lines: LabelLine[];
}

/** A routed arrow: an SVG path and its label box (absolute coordinates, label centred on x/y). */
export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  /** SVG path data, ending at the target's border (the page adds the arrowhead). */
  d: string;
  /** The trigger kind of every line, or `'mixed'`: the page colours arrows by it. */
  kind: LabelLine['kind'] | 'mixed';
  /** Drawn under the states, against the flow (a loop such as querying -> waiting). */
  back: boolean;
  label: { x: number; y: number; width: number; height: number; lines: LabelLine[] };
}

type Point = { x: number; y: number };
type Side = 'left' | 'right';

interface Plan {
  group: EdgeGroup;
  from: LayoutNode;
  to: LayoutNode;
  build: (start: Point, end: Point) => { d: string; label: Point };
  start: { side: Side; key: number } | undefined;
  end: { side: Side; key: number } | undefined;
  back: boolean;
}

/**
 * Routes each edge group: forward edges as smooth curves through their column crossings, back
 * edges as rounded orthogonal paths through a lane below the states, anything else (into a parent
 * or between parallel regions) as one curve. Arrows sharing a side of a box get spread apart.
 */
export function routeEdges(
  groups: EdgeGroup[],
  boxes: Map<string, LayoutNode>,
  scopes: Map<string, AbsoluteScope>,
): LayoutEdge[] {
  const plans = groups.map((group) => plan(group, boxes, scopes));
  const offsets = spreadAnchors(plans);
  return plans.map((p) => {
    const start = anchor(p.from, p.start?.side, offsets.get(`${p.group.id}:start`) ?? 0);
    const end = anchor(p.to, p.end?.side, offsets.get(`${p.group.id}:end`) ?? 0);
    const { d, label } = p.build(start, end);
    const kinds = new Set(p.group.lines.map((line) => line.kind));
    return {
      id: p.group.id,
      source: p.group.source,
      target: p.group.target,
      d,
      kind: kinds.size === 1 ? itemAt(p.group.lines, 0).kind : 'mixed',
      back: p.back,
      label: {
        ...round(label),
        width: labelWidth(p.group.lines),
        height: labelHeight(p.group.lines),
        lines: p.group.lines,
      },
    };
  });
}

function plan(group: EdgeGroup, boxes: Map<string, LayoutNode>, scopes: Map<string, AbsoluteScope>): Plan {
  const from = entryOf(boxes, group.source);
  const to = entryOf(boxes, group.target);
  const scopeId = scopeOf(group.source, group.target);
  const scope = scopes.get(scopeId);
  const sourceItem = boxes.get(childUnder(scopeId, group.source) ?? '');
  const targetItem = boxes.get(childUnder(scopeId, group.target) ?? '');
  if (!scope || scope.parallel || !sourceItem || !targetItem || sourceItem === targetItem) {
    return {
      group,
      from,
      to,
      build: (s, e) => directPath(from, to, s, e),
      start: undefined,
      end: undefined,
      back: false,
    };
  }
  const lane = scope.lanes.get(group.id);
  if (lane !== undefined) {
    const rank = [...scope.lanes.values()].sort((a, b) => a - b).indexOf(lane);
    const laneY = scope.originY + lane;
    const xOut = sourceItem.x + sourceItem.width + 12 + 6 * rank;
    const xIn = targetItem.x - 12 - 6 * rank;
    return {
      group,
      from,
      to,
      back: true,
      start: { side: 'right', key: 1e6 + laneY },
      end: { side: 'left', key: 1e6 + laneY },
      build: (s, e) => ({
        d: rounded([s, { x: xOut, y: s.y }, { x: xOut, y: laneY }, { x: xIn, y: laneY }, { x: xIn, y: e.y }, e]),
        label: { x: (xOut + xIn) / 2, y: laneY },
      }),
    };
  }
  const crossings = (scope.waypoints.get(group.id) ?? []).map((w) => ({
    x1: scope.originX + w.x1,
    x2: scope.originX + w.x2,
    y: scope.originY + w.y,
  }));
  const label = scope.labels.get(group.id);
  const labelAt = label ? { x: scope.originX + label.x, y: scope.originY + label.y } : undefined;
  return {
    group,
    from,
    to,
    back: false,
    start: { side: 'right', key: crossings[0]?.y ?? centerY(to) },
    end: { side: 'left', key: crossings[crossings.length - 1]?.y ?? centerY(from) },
    build: (s, e) => forwardPath(s, e, crossings, labelAt),
  };
}

/** Smooth curve with horizontal tangents through each column crossing (the first holds the label). */
function forwardPath(
  start: Point,
  end: Point,
  crossings: { x1: number; x2: number; y: number }[],
  labelAt: Point | undefined,
) {
  const points: Point[] = [
    start,
    ...crossings.flatMap((c) => [
      { x: c.x1, y: c.y },
      { x: c.x2, y: c.y },
    ]),
    end,
  ];
  let d = `M${fmt(start)}`;
  for (let i = 1; i < points.length; i++) {
    // Inside a crossing (from x1 to x2) the path runs straight across the column.
    d += i % 2 === 0 ? ` L${fmt(itemAt(points, i))}` : ` ${curve(itemAt(points, i - 1), itemAt(points, i))}`;
  }
  return { d, label: labelAt ?? { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 } };
}

function curve(a: Point, b: Point): string {
  const dx = Math.max(Math.abs(b.x - a.x) / 2, 24);
  return `C${fmt({ x: a.x + dx, y: a.y })} ${fmt({ x: b.x - dx, y: b.y })} ${fmt(b)}`;
}

/** Into a parent, out to a parent, or across parallel regions: one curve between facing sides. */
function directPath(from: LayoutNode, to: LayoutNode, _start: Point, _end: Point) {
  const inside = (inner: LayoutNode, outer: LayoutNode) => inner.id.startsWith(`${outer.id}.`);
  let a: Point;
  let b: Point;
  if (inside(to, from)) {
    a = { x: from.x + 12, y: from.y + METRICS.compoundHeader / 2 };
    b = { x: to.x, y: centerY(to) };
  } else if (inside(from, to)) {
    a = { x: from.x + from.width, y: centerY(from) };
    b = { x: to.x + to.width - 12, y: to.y + METRICS.compoundHeader / 2 };
  } else if (to.x >= from.x + from.width) {
    a = { x: from.x + from.width, y: centerY(from) };
    b = { x: to.x, y: centerY(to) };
  } else {
    const down = to.y > from.y;
    a = { x: from.x + from.width / 2, y: down ? from.y + from.height : from.y };
    b = { x: to.x + to.width / 2, y: down ? to.y : to.y + to.height };
    const dy = (b.y - a.y) / 2;
    const d = `M${fmt(a)} C${fmt({ x: a.x, y: a.y + dy })} ${fmt({ x: b.x, y: b.y - dy })} ${fmt(b)}`;
    return { d, label: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  }
  return { d: `M${fmt(a)} ${curve(a, b)}`, label: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
}

/** Arrows leaving or entering the same side of a box are spread over it, ordered by where they go. */
function spreadAnchors(plans: Plan[]): Map<string, number> {
  const sides = new Map<string, { id: string; key: number; height: number }[]>();
  for (const p of plans) {
    for (const [end, node, info] of [
      ['start', p.from, p.start],
      ['end', p.to, p.end],
    ] as const) {
      if (!info) continue;
      const key = `${node.id}:${info.side}`;
      sides.set(key, [...(sides.get(key) ?? []), { id: `${p.group.id}:${end}`, key: info.key, height: node.height }]);
    }
  }
  const offsets = new Map<string, number>();
  for (const entries of sides.values()) {
    entries.sort((a, b) => a.key - b.key);
    const height = entries[0]?.height ?? 0;
    const step = entries.length > 1 ? Math.min(10, (height - 16) / (entries.length - 1)) : 0;
    entries.forEach((entry, i) => offsets.set(entry.id, (i - (entries.length - 1) / 2) * step));
  }
  return offsets;
}

function anchor(node: LayoutNode, side: Side | undefined, offset: number): Point {
  const y = centerY(node) + offset;
  return side === 'left' ? { x: node.x, y } : { x: node.x + node.width, y };
}

function centerY(node: LayoutNode): number {
  // Compound states are tall; their arrows meet the header band, where the name is.
  return node.type === 'compound' || node.type === 'parallel'
    ? node.y + METRICS.compoundHeader / 2 + 4
    : node.y + node.height / 2;
}

/** An axis-aligned polyline with rounded corners. */
function rounded(points: Point[], radius = 8): string {
  let d = `M${fmt(itemAt(points, 0))}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [prev, corner, next] = [itemAt(points, i - 1), itemAt(points, i), itemAt(points, i + 1)];
    const r = Math.min(radius, distance(prev, corner) / 2, distance(corner, next) / 2);
    d += ` L${fmt(toward(corner, prev, r))} Q${fmt(corner)} ${fmt(toward(corner, next, r))}`;
  }
  return `${d} L${fmt(itemAt(points, points.length - 1))}`;
}

function toward(from: Point, to: Point, length: number): Point {
  const total = distance(from, to) || 1;
  return { x: from.x + ((to.x - from.x) / total) * length, y: from.y + ((to.y - from.y) / total) * length };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

function round(point: Point): Point {
  return { x: Math.round(point.x * 10) / 10, y: Math.round(point.y * 10) / 10 };
}

function fmt(point: Point): string {
  const r = round(point);
  return `${r.x},${r.y}`;
}
