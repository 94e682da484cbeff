import type { AnyStateMachine } from 'xstate';
import { edgeLabel } from './describeTransition.js';
import { childUnder, scopeOf } from './graphScopes.js';
import { toMachineGraph, type GraphEdge, type GraphNode, type MachineGraph } from './toMachineGraph.js';

/** Options of {@link toMermaid}. */
export interface ToMermaidOptions {
  /** Adds a `direction` line (`LR` draws left to right). Default: none, Mermaid's own top-to-bottom. */
  direction?: 'TB' | 'BT' | 'LR' | 'RL';
  /** Appends ` / action1, action2` to transition labels (and draws actions-only transitions). Default `false`. */
  actions?: boolean;
  /** Describes states that invoke actors (`creating : invoke createTask`). Default `false`: the arrows name them. */
  invokes?: boolean;
  /**
   * Draws a transition that leaves a compound state from the compound state itself, and one that
   * enters it as an arrow to it (its `[*]` shows where it starts), as a reader draws composite states.
   * Default `true`; `false` draws every arrow between the innermost states.
   */
  composite?: boolean;
}

/**
 * Derives a Mermaid `stateDiagram-v2` from an XState v5 machine definition — never a hand-drawn copy.
 *
 * Drawn: every state (compound states as nested blocks, parallel regions separated by `--`), initial
 * states (`[*] --> creating`), final states (`ready --> [*]`), a transient state (one that only
 * decides where to go, with `always`) as a `<<choice>>`, and every transition that changes state,
 * labelled with its trigger and guard: events (`cancel`), delays (`after pollDelay`, `after 3000ms`),
 * `always`, invoked actors' results (`getTaskResult.done [isReady]`, `createTask.error`). A
 * transition's `description` is printed next to its guard, in place of the trigger
 * (`[queryBudgetSpent] 120 queries spent`).
 *
 * One arrow per pair of states at each level: transitions between the same two states share it,
 * one label line each. Transitions that leave a compound state are drawn from it (see
 * {@link ToMermaidOptions.composite}); transitions on the machine root apply in every state, so
 * instead of an arrow from each state they are a note on their target (`cancel, from any state`).
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

/** One drawn arrow: every transition between two drawn states, one label line each. */
interface Arrow {
  source: string;
  target: string;
  lines: string[];
}

/**
 * A state that only decides where to go: it has `always` transitions and nothing else (no invoke, no
 * child states, no other trigger). XState leaves it in the same step it enters it, so it never rests.
 */
export function isChoice(graph: MachineGraph, node: GraphNode): boolean {
  if (node.type !== 'atomic' || node.invokes.length > 0) return false;
  const own = graph.edges.filter((edge) => edge.source === node.id);
  return own.length > 0 && own.every((edge) => edge.kind === 'always');
}

class MermaidWriter {
  private readonly lines: string[] = [];
  private readonly nodes: Map<string, GraphNode>;
  private readonly ids: Map<string, string>;
  private readonly choices: Set<string>;
  private readonly arrowsByScope = new Map<string, Arrow[]>();
  /** Labels of the machine root's transitions, by target: they apply in any state. */
  private readonly anyState = new Map<string, string[]>();

  constructor(
    private readonly graph: MachineGraph,
    private readonly options: ToMermaidOptions,
  ) {
    this.nodes = new Map(graph.nodes.map((node) => [node.id, node]));
    this.ids = mermaidIds(graph.nodes);
    this.choices = new Set(graph.nodes.filter((node) => isChoice(graph, node)).map((node) => node.id));
    const composite = options.composite ?? true;
    for (const edge of graph.edges) {
      if (edge.targetless && !options.actions) continue;
      if (edge.source === '') {
        if (!edge.targetless) this.addAnyState(edge.target, this.label(edge));
        continue;
      }
      const scope = scopeOf(edge.source, edge.target);
      const source = composite ? (childUnder(scope, edge.source) ?? edge.source) : edge.source;
      const target = composite && !edge.targetless ? (childUnder(scope, edge.target) ?? edge.target) : edge.target;
      this.addArrow(scope, source, target, this.label(edge));
    }
  }

  render(): string {
    this.lines.push('stateDiagram-v2');
    if (this.options.direction) this.lines.push(`  direction ${this.options.direction}`);
    this.writeScope('', this.graph.children, this.graph.initial, false, 1);
    return `${this.lines.join('\n')}\n`;
  }

  private addAnyState(target: string, line: string) {
    const lines = this.anyState.get(target) ?? [];
    if (!lines.includes(line)) lines.push(line);
    this.anyState.set(target, lines);
  }

  private addArrow(scope: string, source: string, target: string, line: string) {
    const arrows = this.arrowsByScope.get(scope) ?? [];
    this.arrowsByScope.set(scope, arrows);
    const arrow = arrows.find((candidate) => candidate.source === source && candidate.target === target);
    if (!arrow) arrows.push({ source, target, lines: [line] });
    else if (!arrow.lines.includes(line)) arrow.lines.push(line);
  }

  private writeScope(scope: string, children: string[], initial: string | undefined, parallel: boolean, depth: number) {
    const pad = '  '.repeat(depth);
    // Mermaid fixes a state's shape where it is first named: a choice is declared before any arrow.
    for (const childId of children) {
      if (this.choices.has(childId)) this.lines.push(`${pad}state ${this.id(childId)} <<choice>>`);
    }
    if (initial !== undefined) this.lines.push(`${pad}[*] --> ${this.id(initial)}`);
    children.forEach((childId, index) => {
      if (parallel && index > 0) this.lines.push(`${pad}--`);
      this.writeState(this.node(childId), depth);
    });
    for (const arrow of this.arrowsByScope.get(scope) ?? []) {
      const label = arrow.lines.filter(Boolean).join('<br/>');
      this.lines.push(`${pad}${this.id(arrow.source)} --> ${this.id(arrow.target)}${label ? ` : ${label}` : ''}`);
    }
    for (const childId of children) {
      const lines = this.anyState.get(childId);
      // One note instead of an arrow from every state (which would double the diagram's edges).
      if (lines) this.lines.push(`${pad}note left of ${this.id(childId)} : ${lines.join(', ')}, from any state`);
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
    if (this.choices.has(node.id)) return;
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
    if (!this.options.invokes || node.invokes.length === 0) return undefined;
    return `invoke ${node.invokes.join(', ')}`;
  }

  private label(edge: GraphEdge): string {
    // From a choice every branch is `always`: the guard (or `else`) is the whole story.
    const fromChoice = this.choices.has(edge.source) && edge.kind === 'always';
    let text = edgeLabel(edge, { trigger: !fromChoice });
    if (fromChoice && text === '') text = 'else';
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
