/** What fires a transition. */
export type TriggerKind = 'event' | 'after' | 'always' | 'done' | 'error' | 'snapshot' | 'state-done';

/** The readable trigger of a transition, derived from XState's internal event descriptor. */
export interface TriggerDescription {
  kind: TriggerKind;
  trigger: string;
  delay?: string | number;
}

const AFTER_PREFIX = 'xstate.after.';
const INVOKE_PREFIXES: ReadonlyArray<readonly [string, 'done' | 'error' | 'snapshot']> = [
  ['xstate.done.actor.', 'done'],
  ['xstate.error.actor.', 'error'],
  ['xstate.snapshot.', 'snapshot'],
];

/**
 * Turns an XState event descriptor into what a reader expects on an arrow. XState encodes `after`,
 * `always` and invoke results as synthetic events (`xstate.after.<delay>.<stateId>`,
 * `xstate.done.actor.<invokeId>`); `invokeNames` maps invoke ids to the actor's `src` name.
 */
export function describeTrigger(
  eventType: string,
  delay: unknown,
  invokeNames: ReadonlyMap<string, string>,
): TriggerDescription {
  if (eventType === '') return { kind: 'always', trigger: 'always' };
  if (eventType.startsWith(AFTER_PREFIX)) {
    const readable = typeof delay === 'number' || typeof delay === 'string' ? delay : 'delay';
    return { kind: 'after', trigger: `after ${formatDelay(readable)}`, delay: readable };
  }
  if (eventType.startsWith('xstate.done.state.')) return { kind: 'state-done', trigger: 'done' };
  for (const [prefix, kind] of INVOKE_PREFIXES) {
    if (eventType.startsWith(prefix)) {
      const invokeId = eventType.slice(prefix.length);
      return { kind, trigger: `${invokeNames.get(invokeId) ?? invokeId}.${kind}` };
    }
  }
  return { kind: 'event', trigger: eventType };
}

/** `3000` reads as `3000ms`; a named delay from `setup({ delays })` keeps its name. */
export function formatDelay(delay: string | number): string {
  return typeof delay === 'number' ? `${delay}ms` : delay;
}

/**
 * A guard in readable form: named guards keep their name, parameterized ones their `type`, the
 * higher-order `and` / `or` / `not` / `stateIn` guards are spelled out, inline functions use their
 * function name.
 */
export function describeGuard(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  if (typeof guard === 'function') return describeGuardFunction(guard as GuardFunction);
  return 'guard';
}

interface GuardFunction {
  name: string;
  guards?: unknown[];
  stateValue?: unknown;
}

function describeGuardFunction(guard: GuardFunction): string {
  // XState's higher-order guards are functions named after their combinator, holding `guards`.
  const parts = (guard.guards ?? []).map((inner) => wrap(describeGuard(inner) ?? 'guard'));
  if (guard.name === 'and' && guard.guards) return parts.join(' and ');
  if (guard.name === 'or' && guard.guards) return parts.join(' or ');
  if (guard.name === 'not' && guard.guards) return `not ${parts[0] ?? 'guard'}`;
  if (guard.name === 'stateIn' && 'stateValue' in guard) {
    const { stateValue } = guard;
    return `in ${typeof stateValue === 'string' ? stateValue : JSON.stringify(stateValue)}`;
  }
  return guard.name || 'guard';
}

/** Parenthesize compound sub-expressions so `and(a, or(b, c))` reads `a and (b or c)`. */
function wrap(text: string): string {
  return / (and|or) /.test(text) ? `(${text})` : text;
}

/** Action names in order; built-in actions (`assign`, `raise`, …) read as their XState type. */
export function describeActions(actions: readonly unknown[]): string[] {
  return actions.map((action) => {
    if (typeof action === 'string') return action;
    if (typeof action === 'object' && action !== null && 'type' in action && typeof action.type === 'string') {
      return action.type;
    }
    if (typeof action === 'function') {
      const typed = action as { type?: unknown; name: string };
      if (typeof typed.type === 'string') return typed.type.replace(/^xstate\./, '');
      return typed.name || 'action';
    }
    return 'action';
  });
}

/**
 * The label of one transition, the same in the Mermaid text and on the visualizer page: the trigger
 * and the guard (`getTaskResult.done [isReady]`); with a `description`, the guard and the
 * description, which says what the trigger would not (`[queryBudgetSpent] 120 queries spent`).
 * `trigger: false` leaves an undescribed trigger out too (the branches of a choice are all `always`).
 */
export function edgeLabel(
  edge: { trigger: string; guard?: string | undefined; description?: string | undefined },
  options: { trigger?: boolean } = {},
): string {
  const parts: string[] = [];
  if (edge.description === undefined && options.trigger !== false) parts.push(edge.trigger);
  if (edge.guard !== undefined) parts.push(`[${edge.guard}]`);
  if (edge.description !== undefined) parts.push(edge.description);
  return parts.join(' ');
}
