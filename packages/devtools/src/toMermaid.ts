import type { AnyStateMachine } from 'xstate';
import { expandRootEdges, scopeOf } from './graphScopes.js';
import { toMachineGraph, type GraphEdge, type GraphNode, type MachineGraph } from './toMachineGraph.js';

/** Options of {@link toMermaid}. */
export interface ToMermaidOptions {
  /** Adds a `direction` line (`LR` draws left to right). Default: none, Mermaid's own top-to-bottom. */
  direction?: 'TB' | 'BT' | 'LR' | 'RL';
  /** Appends ` / action1, action2` to transition labels. Default `false`: a lifecycle reads better without. */
  actions?: boolean;
  /** Describes states that invoke actors (`creating : invoke createTask`). Default `true`. */
  invokes?: boolean;
}

/**
 * Derives a Mermaid `stateDiagram-v2` from an XState v5 machine definition — never a hand-drawn copy.
 *
 * Drawn: every state (compound states as nested blocks, parallel regions separated by `--`), initial
 * states (`[*] --> creating`), final states (`ready --> [*]`), and every transition labelled with its
 * trigger and guard: events (`CANCEL`), delays (`after pollDelay`, `after 3000ms`), `always`, invoked
 * actors' results (`getTaskResult.done [isReady]`, `createTask.error`). Transitions declared on the
 * machine root apply in every state, so they are drawn from each non-final top-level state.
 *
 * The output is deterministic (document order, stable ids), so it can be committed and checked.
 *
 * @example
 * ```ts
 * import { taskMachine } from '@capkit/core/machine';
 * import { toMermaid } from '@capkit/devtools';
 * console.log(toMermaid(taskMachine, { direction: 'LR' }));
 * ```
 */
export function toMermaid(machine: AnyStateMachine | MachineGraph, options: ToMermaidOptions = {}): string {
  const graph = 'root' in machine ? toMachineGraph(machine) : machine;
  const writer = new MermaidWriter(graph, options);
  return writer.render();
}

class MermaidWriter {
  private readonly lines: string[] = [];
  private readonly nodes: Map<string, GraphNode>;
  private readonly ids: Map<string, string>;
  private readonly edgesByScope = new Map<string, GraphEdge[]>();

  constructor(
    private readonly graph: MachineGraph,
    private readonly options: ToMermaidOptions,
  ) {
    this.nodes = new Map(graph.nodes.map((node) => [node.id, node]));
    this.ids = mermaidIds(graph.nodes);
    for (const edge of expandRootEdges(graph)) {
      const scope = scopeOf(edge.source, edge.target);
      this.edgesByScope.set(scope, [...(this.edgesByScope.get(scope) ?? []), edge]);
    }
  }

  render(): string {
    this.lines.push('stateDiagram-v2');
    if (this.options.direction) this.lines.push(`  direction ${this.options.direction}`);
    this.writeScope('', this.graph.children, this.graph.initial, false, 1);
    return `${this.lines.join('\n')}\n`;
  }

  private writeScope(scope: string, children: string[], initial: string | undefined, parallel: boolean, depth: number) {
    const pad = '  '.repeat(depth);
    if (initial !== undefined) this.lines.push(`${pad}[*] --> ${this.id(initial)}`);
    children.forEach((childId, index) => {
      if (parallel && index > 0) this.lines.push(`${pad}--`);
      this.writeState(this.node(childId), depth);
    });
    for (const edge of this.edgesByScope.get(scope) ?? []) {
      this.lines.push(`${pad}${this.id(edge.source)} --> ${this.id(edge.target)} : ${this.label(edge)}`);
    }
    for (const childId of children) {
      if (this.node(childId).type === 'final') this.lines.push(`${pad}${this.id(childId)} --> [*]`);
    }
  }

  private writeState(node: GraphNode, depth: number) {
    const pad = '  '.repeat(depth);
    const id = this.id(node.id);
    // Mermaid ids are restricted; a state whose key is not a valid id is declared with its key as label.
    const aliased = id !== node.key;
    if (aliased) this.lines.push(`${pad}state "${escapeLabel(node.key)}" as ${id}`);
    if (node.type === 'compound' || node.type === 'parallel') {
      this.lines.push(`${pad}state ${id} {`);
      this.writeScope(node.id, node.children, node.initial, node.type === 'parallel', depth + 1);
      this.lines.push(`${pad}}`);
      return;
    }
    // Declaring every state where it lives keeps Mermaid from placing it where it is first mentioned.
    const description = this.description(node);
    if (description) this.lines.push(`${pad}${id} : ${escapeLabel(description)}`);
    else if (!aliased) this.lines.push(`${pad}${id}`);
  }

  private description(node: GraphNode): string | undefined {
    if (node.type === 'history') return 'history';
    if (this.options.invokes === false || node.invokes.length === 0) return undefined;
    return `invoke ${node.invokes.join(', ')}`;
  }

  private label(edge: GraphEdge): string {
    let text = edge.trigger;
    if (edge.guard !== undefined) text += ` [${edge.guard}]`;
    if (this.options.actions && edge.actions.length > 0) text += ` / ${edge.actions.join(', ')}`;
    return escapeLabel(text);
  }

  private node(id: string): GraphNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`toMermaid: unknown state "${id}"`);
    return node;
  }

  private id(nodeId: string): string {
    return this.ids.get(nodeId) ?? sanitizeId(nodeId);
  }
}

/**
 * Mermaid ids: the state key when it is unique in the machine (readable), else the whole path
 * (`polling_waiting`); characters Mermaid does not accept become `_`; collisions get a suffix.
 */
function mermaidIds(nodes: GraphNode[]): Map<string, string> {
  const keyCounts = new Map<string, number>();
  for (const node of nodes) keyCounts.set(node.key, (keyCounts.get(node.key) ?? 0) + 1);
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of nodes) {
    const base = sanitizeId(keyCounts.get(node.key) === 1 ? node.key : node.id);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(node.id, id);
  }
  return ids;
}

function sanitizeId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) || id === '' ? `s_${id}` : id;
}

/** Mermaid reads `#…;` as an entity and `;` as a statement end; line breaks would end the label. */
function escapeLabel(text: string): string {
  return text.replace(/[#;"]/g, (ch) => LABEL_ENTITIES[ch] ?? ch).replace(/\s+/g, ' ');
}

const LABEL_ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '"': '#quot;' };
