import { createRedactor } from '@capkit/core';

/**
 * Removes an API key from an upstream answer (already parsed) before it reaches a browser: every
 * `clientKey` property is dropped (at any depth) and every string (property names included) goes
 * through core's redactor, which replaces the key (and key-looking fragments) by core's `REDACTED`.
 * It works on the parsed value, so a key the upstream wrote JSON-escaped (`\u0043AP-…`) is caught
 * too: parsing has turned it back into the key.
 */
export function redactKey(value: unknown, apiKey: string): unknown {
  const redactor = createRedactor([apiKey]);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactor.string(item);
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item !== 'object' || item === null) return item;
    return Object.fromEntries(
      Object.entries(item)
        .filter(([name]) => name !== 'clientKey')
        .map(([name, inner]) => [redactor.string(name), walk(inner)]),
    );
  };
  return walk(value);
}
