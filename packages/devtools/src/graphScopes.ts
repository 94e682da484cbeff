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

/** The direct child of `scope` on the way to `id`, or `undefined` when `id` is not below `scope`. */
export function childUnder(scope: string, id: string): string | undefined {
  const prefix = scope === '' ? '' : `${scope}.`;
  if (id === scope || !id.startsWith(prefix)) return undefined;
  const [next] = id.slice(prefix.length).split('.');
  return `${prefix}${next}`;
}
