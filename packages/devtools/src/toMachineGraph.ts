import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { describeActions, describeGuard, describeTrigger, type TriggerKind } from './describeTransition.js';

/** One state of a {@link MachineGraph}. */
export interface GraphNode {
  /** Dotted path from the root (`'polling.waiting'`), the same spelling XState uses in state values. */
  id: string;
  /** The state's own key (`'waiting'`). */
  key: string;
  /** The id of the parent state, or `null` for a top-level state. */
  parentId: string | null;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Child state ids in document order. */
  children: string[];
  /** The id of the initial child of a compound state. */
  initial?: string;
  /** Names of the actors this state invokes (the `src` given in `setup({ actors })`). */
  invokes: string[];
  tags: string[];
  description?: string;
}

/** One transition of a {@link MachineGraph}: one edge per (transition, target) pair. */
export interface GraphEdge {
  /** `e0`, `e1`, … in document order. */
  id: string;
  /** Id of the state that declares the transition (`''` for the machine root). */
  source: string;
  /** Id of the target state; equals `source` for a targetless (actions-only) transition. */
  target: string;
  /** What fires the transition. */
  kind: TriggerKind;
  /** The XState event descriptor, as the machine sees it (`'xstate.after.pollDelay.task.waiting'`). */
  eventType: string;
  /** The human-readable trigger: `'CANCEL'`, `'after pollDelay'`, `'always'`, `'createTask.done'`. */
  trigger: string;
  /** Guard in readable form (`'isReady'`, `'budgetLeft and not expired'`). */
  guard?: string;
  /** The transition's `description`, e.g. `'120 queries spent'`. */
  description?: string;
  /** Delay name or milliseconds of an `after` transition. */
  delay?: string | number;
  /** Action names, in order. */
  actions: string[];
  /** `true` when the transition has no target (it only runs actions and stays). */
  targetless: boolean;
}

/** A plain-data view of a machine definition: what {@link toMermaid} and the visualizer draw. */
export interface MachineGraph {
  /** The machine id. */
  id: string;
  /** Ids of the top-level states, in document order. */
  children: string[];
  /** The id of the top-level initial state. */
  initial?: string;
  /** Every state below the root, parents before children, in document order. */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Reads an XState v5 machine definition into a {@link MachineGraph}: every state (nested, parallel,
 * final, history), initial states, and every transition (events, guards, `after` delays, `always`,
 * invoked actors' `onDone` / `onError` / `onSnapshot`, a compound state's `onDone`).
 *
 * It walks `machine.root` — the resolved `StateNode` tree — so the result always matches the machine
 * that runs, and it is deterministic: document order everywhere, no ids invented at random.
 *
 * @example
 * ```ts
 * const graph = toMachineGraph(taskMachine);
 * graph.nodes.map((n) => n.id); // ['creating', 'polling', 'polling.waiting', …]
 * ```
 */
export function toMachineGraph(machine: AnyStateMachine): MachineGraph {
  const root: AnyStateNode = machine.root;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const visit = (stateNode: AnyStateNode): void => {
    if (stateNode !== root) nodes.push(toGraphNode(stateNode));
    for (const transition of transitionsOf(stateNode)) {
      for (const edge of toEdges(stateNode, transition)) edges.push({ id: `e${edges.length}`, ...edge });
    }
    for (const child of childrenOf(stateNode)) visit(child);
  };
  visit(root);
  return {
    id: machine.id,
    children: childrenOf(root).map(nodeId),
    ...initialOf(root),
    nodes,
    edges,
  };
}

/** The dotted path XState uses in state values; the root is `''`. */
function nodeId(stateNode: AnyStateNode): string {
  return stateNode.path.join('.');
}

function childrenOf(stateNode: AnyStateNode): AnyStateNode[] {
  return Object.values(stateNode.states as Record<string, AnyStateNode>);
}

function initialOf(stateNode: AnyStateNode): { initial?: string } {
  // `initial` is only meaningful for compound states; XState synthesizes an empty one elsewhere.
  if (stateNode.type !== 'compound') return {};
  const [target] = stateNode.initial.target;
  return target ? { initial: nodeId(target) } : {};
}

function toGraphNode(stateNode: AnyStateNode): GraphNode {
  const parentId = stateNode.parent && stateNode.parent.parent ? nodeId(stateNode.parent) : null;
  return {
    id: nodeId(stateNode),
    key: stateNode.key,
    parentId,
    type: stateNode.type,
    children: childrenOf(stateNode).map(nodeId),
    ...initialOf(stateNode),
    invokes: stateNode.invoke.map((invoke) => invokeName(invoke, stateNode)),
    tags: [...stateNode.tags],
    ...(stateNode.description ? { description: stateNode.description } : {}),
  };
}

type Transition = AnyStateNode['transitions'] extends Map<string, (infer T)[]> ? T : never;
type DelayedTransition = Transition & { delay?: unknown };

/** `on`, `onDone`, invoke and `after` transitions (XState keeps them in one map), then `always`. */
function transitionsOf(stateNode: AnyStateNode): DelayedTransition[] {
  return [...[...stateNode.transitions.values()].flat(), ...(stateNode.always ?? [])];
}

function toEdges(stateNode: AnyStateNode, transition: DelayedTransition): Omit<GraphEdge, 'id'>[] {
  const actions = describeActions(transition.actions);
  const targets: AnyStateNode[] = transition.target ? [...transition.target] : [];
  // An inert transition (no target, no actions) only swallows an event: nothing worth drawing.
  if (targets.length === 0 && actions.length === 0 && !transition.reenter) return [];
  const { kind, trigger, delay } = describeTrigger(transition.eventType, transition.delay, invokeNames(stateNode));
  const guard = describeGuard(transition.guard);
  const base = {
    source: nodeId(stateNode),
    kind,
    eventType: transition.eventType,
    trigger,
    ...(guard === undefined ? {} : { guard }),
    ...(transition.description ? { description: transition.description } : {}),
    ...(delay === undefined ? {} : { delay }),
    actions,
  };
  if (targets.length === 0) return [{ ...base, target: base.source, targetless: true }];
  return targets.map((target) => ({ ...base, target: nodeId(target), targetless: false }));
}

type InvokeDefinition = AnyStateNode['invoke'][number];

/** Maps invoke ids (what `xstate.done.actor.<id>` carries) to readable actor names. */
function invokeNames(stateNode: AnyStateNode): Map<string, string> {
  return new Map(stateNode.invoke.map((invoke) => [invoke.id, invokeName(invoke, stateNode)]));
}

/**
 * The `src` name from `setup({ actors })` reads best; inline logic gets a generated
 * `xstate.invoke.*` src, so fall back to an explicit id, then to `'invoke'`.
 */
function invokeName(invoke: InvokeDefinition, stateNode: AnyStateNode): string {
  if (typeof invoke.src === 'string' && !invoke.src.startsWith('xstate.invoke.')) return invoke.src;
  const index = stateNode.invoke.indexOf(invoke);
  const generatedId = `${index}.${stateNode.id}`;
  return invoke.id !== generatedId ? invoke.id : 'invoke';
}
