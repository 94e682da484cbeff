import type { GraphEdge, MachineGraph } from './toMachineGraph.js';

/** Proper ancestors of a state id, outermost first; the machine root is `''`. `'a.b.c'` -> `['', 'a', 'a.b']`. */
export function ancestorsOf(id: string): string[] {
  if (id === '') return [];
  const parts = id.split('.');
  return parts.map((_, index) => parts.slice(0, index).join('.'));
}

/**
 * The state whose block an edge belongs in: the deepest common proper ancestor of its ends. A
 * transition from a compound state into its own child therefore lives in the compound's parent.
 */
export function scopeOf(source: string, target: string): string {
  const targetAncestors = new Set(ancestorsOf(target));
  const common = ancestorsOf(source).filter((id) => targetAncestors.has(id));
  return common[common.length - 1] ?? '';
}

/**
 * Transitions on the machine root apply in every state, but the root is not a box anyone can draw
 * an arrow from; draw them from each top-level state that is not final (nor the target itself),
 * after the states' own transitions. Targetless root transitions (actions only, e.g. a context
 * update) change no state and are left out.
 */
export function expandRootEdges(graph: MachineGraph): GraphEdge[] {
  const finals = new Set(graph.nodes.filter((node) => node.type === 'final').map((node) => node.id));
  const own = graph.edges.filter((edge) => edge.source !== '');
  const fromRoot = graph.edges.filter((edge) => edge.source === '' && !edge.targetless);
  const expanded = fromRoot.flatMap((edge) =>
    graph.children.filter((id) => !finals.has(id) && id !== edge.target).map((source) => ({ ...edge, source })),
  );
  return [...own, ...expanded];
}

/** The direct child of `scope` on the way to `id`, or `undefined` when `id` is not below `scope`. */
export function childUnder(scope: string, id: string): string | undefined {
  const prefix = scope === '' ? '' : `${scope}.`;
  if (id === scope || !id.startsWith(prefix)) return undefined;
  const [next] = id.slice(prefix.length).split('.');
  return `${prefix}${next}`;
}
