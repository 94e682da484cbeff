import { entryOf } from './lookups.js';
import { childUnder, scopeOf } from './graphScopes.js';
import { layoutScope, type PlacedScope, type ScopeLink } from './layeredScope.js';
import { labelHeight, labelLines, labelLineText, labelWidth, METRICS, type LabelLine } from './layoutMetrics.js';
import { routeEdges, type EdgeGroup, type LayoutEdge } from './routeEdges.js';
import type { AbsoluteScope, LayoutNode, SizedScope } from './layoutTypes.js';
import type { GraphNode, MachineGraph } from './toMachineGraph.js';

export type { AbsoluteScope, LayoutNode, SizedScope } from './layoutTypes.js';

/** The black dot and arrow that mark a scope's initial state. */
export interface InitialMarker {
  x: number;
  y: number;
  toX: number;
}

/** Transitions declared on the machine root: they apply in any state, so they are listed, not drawn. */
export interface AnyStateTransition {
  target: string;
  lines: LabelLine[];
}

/** Everything the visualizer page needs to draw the diagram, already positioned. */
export interface DiagramLayout {
  machineId: string;
  width: number;
  height: number;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  initials: InitialMarker[];
  anyState: AnyStateTransition[];
}

/** Positions every state and routes every transition of a {@link MachineGraph}, left to right. */
export function layoutGraph(graph: MachineGraph): DiagramLayout {
  const { groups, selfLines, anyState } = groupEdges(graph);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const sizer = new ScopeSizer(nodes, groups, selfLines);
  const root = sizer.layout('', graph.children, graph.initial, false);
  const placer = new AbsolutePlacer(nodes, sizer, selfLines);
  placer.place('', graph.children, graph.initial, METRICS.margin, METRICS.margin, root, 0);
  const edges = routeEdges(groups, placer.boxes, placer.scopes);
  return {
    machineId: graph.id,
    // The extra right margin leaves room for back edges leaving the last column.
    width: Math.ceil(root.width + 2 * METRICS.margin + 24),
    height: Math.ceil(root.height + 2 * METRICS.margin),
    nodes: [...placer.boxes.values()],
    edges,
    initials: placer.initials,
    anyState,
  };
}

/** Merges parallel transitions between the same two states into one arrow with several label lines. */
function groupEdges(graph: MachineGraph) {
  const groups = new Map<string, EdgeGroup>();
  const selfLines = new Map<string, LabelLine[]>();
  const anyState = new Map<string, AnyStateTransition>();
  for (const edge of graph.edges) {
    if (edge.source === '') {
      if (edge.targetless) continue;
      const entry = anyState.get(edge.target) ?? { target: edge.target, lines: [] };
      entry.lines.push(...labelLines([edge]));
      anyState.set(edge.target, entry);
    } else if (edge.source === edge.target) {
      selfLines.set(edge.source, [...(selfLines.get(edge.source) ?? []), ...labelLines([edge])]);
    } else {
      const key = `${edge.source}>${edge.target}`;
      const group = groups.get(key) ?? { id: `g${groups.size}`, source: edge.source, target: edge.target, lines: [] };
      group.lines.push(...labelLines([edge]));
      groups.set(key, group);
    }
  }
  return { groups: [...groups.values()], selfLines, anyState: [...anyState.values()] };
}

/** Bottom-up pass: sizes every state, laying out each compound state's children first. */
class ScopeSizer {
  readonly sizes = new Map<string, { width: number; height: number }>();
  readonly scopes = new Map<string, SizedScope>();

  constructor(
    private readonly nodes: Map<string, GraphNode>,
    private readonly groups: EdgeGroup[],
    private readonly selfLines: Map<string, LabelLine[]>,
  ) {}

  layout(scope: string, children: string[], initial: string | undefined, parallel: boolean): SizedScope {
    for (const id of children) this.sizes.set(id, this.size(id));
    const placed = parallel ? this.stackRegions(children) : this.layered(scope, children, initial);
    const sized = { ...placed, parallel };
    this.scopes.set(scope, sized);
    return sized;
  }

  private size(id: string): { width: number; height: number } {
    const node = entryOf(this.nodes, id);
    const nameWidth = node.key.length * METRICS.nameCharWidth + 2 * METRICS.nodePadX;
    if (node.type === 'compound' || node.type === 'parallel') {
      const inner = this.layout(id, node.children, node.initial, node.type === 'parallel');
      return {
        width: Math.max(nameWidth + 24, inner.width + 2 * METRICS.compoundPad),
        height: inner.height + METRICS.compoundHeader + METRICS.compoundPad,
      };
    }
    const lines = innerLines(node, this.selfLines.get(id) ?? []);
    const lineWidth = Math.max(0, ...lines.map((line) => line.length * METRICS.innerCharWidth + 2 * METRICS.nodePadX));
    return {
      width: Math.ceil(Math.max(METRICS.nodeMinWidth, nameWidth, lineWidth)),
      height: METRICS.nodeHeight + lines.length * METRICS.innerLineHeight,
    };
  }

  private layered(scope: string, children: string[], initial: string | undefined): PlacedScope {
    const links: ScopeLink[] = [];
    for (const group of this.groups) {
      if (scopeOf(group.source, group.target) !== scope) continue;
      const source = childUnder(scope, group.source);
      const target = childUnder(scope, group.target);
      if (!source || !target || source === target) continue;
      links.push({
        id: group.id,
        source,
        target,
        labelWidth: labelWidth(group.lines),
        labelHeight: labelHeight(group.lines),
      });
    }
    const finals = new Set(children.filter((id) => this.nodes.get(id)?.type === 'final'));
    const items = children.map((id) => ({ id, ...entryOf(this.sizes, id) }));
    const leftSpace = initial === undefined ? 0 : METRICS.initialSpace;
    return layoutScope({ items, ...(initial === undefined ? {} : { initial }), links, finals, leftSpace });
  }

  /** Parallel regions are stacked and share one width, like the swim lanes they are. */
  private stackRegions(children: string[]): PlacedScope {
    const width = Math.max(0, ...children.map((id) => entryOf(this.sizes, id).width));
    const positions = new Map<string, { x: number; y: number }>();
    let y = 0;
    for (const id of children) {
      const size = entryOf(this.sizes, id);
      this.sizes.set(id, { ...size, width });
      positions.set(id, { x: 0, y });
      y += size.height + 12;
    }
    return { width, height: Math.max(0, y - 12), positions, waypoints: new Map(), labels: new Map(), lanes: new Map() };
  }
}

/** Text lines inside an atomic state's box: its invoked actors, then transitions that stay. */
function innerLines(node: GraphNode, selfLines: LabelLine[]): string[] {
  const lines = node.invokes.length ? [`invoke ${node.invokes.join(', ')}`] : [];
  return [...lines, ...selfLines.map((line) => `↻ ${labelLineText(line)}`)];
}

/** Top-down pass: turns relative positions into absolute boxes and initial markers. */
class AbsolutePlacer {
  readonly boxes = new Map<string, LayoutNode>();
  readonly scopes = new Map<string, AbsoluteScope>();
  readonly initials: InitialMarker[] = [];

  constructor(
    private readonly nodes: Map<string, GraphNode>,
    private readonly sizer: ScopeSizer,
    private readonly selfLines: Map<string, LabelLine[]>,
  ) {}

  place(
    scope: string,
    children: string[],
    initial: string | undefined,
    originX: number,
    originY: number,
    sized: SizedScope,
    depth: number,
  ) {
    this.scopes.set(scope, { ...sized, originX, originY });
    for (const id of children) {
      const node = entryOf(this.nodes, id);
      const relative = sized.positions.get(id) ?? { x: 0, y: 0 };
      const size = entryOf(this.sizer.sizes, id);
      const box: LayoutNode = {
        id,
        key: node.key,
        type: node.type,
        x: originX + relative.x,
        y: originY + relative.y,
        ...size,
        depth,
        invokes: node.invokes,
        selfLines: this.selfLines.get(id) ?? [],
      };
      this.boxes.set(id, box);
      const inner = this.sizer.scopes.get(id);
      if (inner) {
        const innerX = box.x + METRICS.compoundPad;
        const innerY = box.y + METRICS.compoundHeader;
        this.place(
          id,
          node.children,
          node.type === 'compound' ? node.initial : undefined,
          innerX,
          innerY,
          inner,
          depth + 1,
        );
      }
    }
    const target = initial === undefined ? undefined : this.boxes.get(initial);
    if (target)
      this.initials.push({ x: target.x - METRICS.initialSpace + 8, y: target.y + target.height / 2, toX: target.x });
  }
}
