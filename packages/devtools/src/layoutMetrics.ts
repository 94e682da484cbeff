import type { GraphEdge } from './toMachineGraph.js';

/**
 * Sizes of the drawn diagram, in SVG pixels. The page uses the same fonts (13px state names, 11px
 * labels), and the text widths below are slightly generous estimates so text never overflows a box.
 */
export const METRICS = {
  nodeMinWidth: 116,
  nodeHeight: 42,
  nodePadX: 18,
  innerLineHeight: 16,
  nameCharWidth: 7.9,
  innerCharWidth: 6.6,
  labelCharWidth: 6.5,
  labelLineHeight: 15,
  labelPadX: 8,
  rowGap: 28,
  slotGap: 8,
  rankGap: 40,
  compoundPad: 18,
  compoundHeader: 30,
  initialSpace: 34,
  laneGap: 26,
  margin: 20,
} as const;

/** One line of an edge label: the trigger and, when guarded, its guard. */
export interface LabelLine {
  trigger: string;
  guard?: string;
  kind: GraphEdge['kind'];
}

export function labelLines(edges: readonly GraphEdge[]): LabelLine[] {
  return edges.map((edge) => ({
    trigger: edge.trigger,
    ...(edge.guard === undefined ? {} : { guard: edge.guard }),
    kind: edge.kind,
  }));
}

export function labelLineText(line: LabelLine): string {
  return line.guard === undefined ? line.trigger : `${line.trigger} [${line.guard}]`;
}

export function labelWidth(lines: readonly LabelLine[]): number {
  const longest = Math.max(0, ...lines.map((line) => labelLineText(line).length));
  return Math.ceil(longest * METRICS.labelCharWidth + 2 * METRICS.labelPadX);
}

export function labelHeight(lines: readonly LabelLine[]): number {
  return lines.length * METRICS.labelLineHeight + 6;
}
