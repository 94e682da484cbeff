import { createRedactor } from '@capkit/core';

/**
 * Removes an API key from an upstream response body before it reaches a browser: every `clientKey`
 * property is dropped (at any depth) and any other occurrence of the key is replaced by core's
 * `REDACTED`, with core's redactor (which also scrubs key-looking fragments), so even an upstream that
 * echoes the request (an error page, a debugging proxy) cannot leak it.
 */
export function redactKey(body: string, apiKey: string): string {
  const text = createRedactor([apiKey]).string(body);
  try {
    return JSON.stringify(dropClientKey(JSON.parse(text)));
  } catch {
    return text;
  }
}

function dropClientKey(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropClientKey);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => name !== 'clientKey')
      .map(([name, inner]) => [name, dropClientKey(inner)]),
  );
}
