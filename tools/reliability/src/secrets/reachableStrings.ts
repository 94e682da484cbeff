import { inspect } from 'node:util';

/** Limits of {@link reachableStrings}: object graphs such as XState actor refs are large. */
export interface WalkLimits {
  maxDepth: number;
  maxNodes: number;
}

const DEFAULT_LIMITS: WalkLimits = { maxDepth: 12, maxNodes: 100_000 };

/**
 * Every string a piece of data exposes: own property values (enumerable or not, symbol keys too),
 * Map and Set entries, array items, an error's message, stack and cause chain, and the renderings a
 * user would produce (`String()`, `JSON.stringify()`, `util.inspect()`). `seen` can be shared across
 * calls so that a large object graph seen again (an actor system) is walked once.
 */
export function reachableStrings(
  value: unknown,
  seen: WeakSet<object> = new WeakSet(),
  limits: WalkLimits = DEFAULT_LIMITS,
): string[] {
  const out: string[] = [];
  let nodes = 0;
  const walk = (current: unknown, depth: number): void => {
    if (typeof current === 'string') {
      out.push(current);
      return;
    }
    if (
      typeof current === 'number' ||
      typeof current === 'bigint' ||
      typeof current === 'boolean' ||
      typeof current === 'symbol'
    )
      return;
    if (current === null || current === undefined || depth > limits.maxDepth || nodes >= limits.maxNodes) return;
    if (typeof current !== 'object' && typeof current !== 'function') return;
    if (seen.has(current)) return;
    seen.add(current);
    nodes += 1;
    if (current instanceof Error) out.push(...renderings(current));
    if (current instanceof Map) {
      for (const [key, item] of current) {
        walk(key, depth + 1);
        walk(item, depth + 1);
      }
    }
    if (current instanceof Set) for (const item of current) walk(item, depth + 1);
    if (typeof current === 'function') return;
    for (const key of Reflect.ownKeys(current)) {
      if (typeof key === 'string') out.push(key);
      const descriptor = Object.getOwnPropertyDescriptor(current, key);
      // Getters are not called: they may compute (or throw); data properties are what is stored.
      if (descriptor && 'value' in descriptor) walk(descriptor.value, depth + 1);
    }
  };
  walk(value, 0);
  return out;
}

/** How an error is commonly turned into text: logged, serialized, inspected. */
function renderings(error: Error): string[] {
  const texts = [String(error), error.stack ?? '', inspect(error, { depth: 8, showHidden: true })];
  try {
    texts.push(JSON.stringify(error) ?? '');
  } catch {
    // A cyclic or throwing toJSON is itself worth a look, but not a secret.
  }
  return texts;
}
