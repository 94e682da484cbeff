// A tiny, stable TypeScript literal printer (no prettier): single quotes, two-space indentation.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A single-quoted TypeScript string literal. */
export function str(value) {
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `'${escaped}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function key(name) {
  return IDENTIFIER.test(name) ? name : str(name);
}

/** A primitive (string, number, boolean) as TypeScript source. */
export function primitive(value) {
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`not a primitive: ${JSON.stringify(value)}`);
}

/** A TSDoc block at the given indentation; the text is one paragraph (comment terminators neutralised). */
export function doc(text, indent = '') {
  const safe = text
    .trim()
    .replace(/\*\//g, '*\\/')
    .replace(/\s*\n\s*/g, ' ');
  return `${indent}/** ${safe} */\n`;
}

/** A union of string literals, e.g. `'a' | 'b'`. */
export function union(values) {
  return values.map(str).join(' | ');
}

/** A readonly tuple literal, e.g. `['a', 'b'] as const`. */
export function tuple(values) {
  return `[${values.map(primitive).join(', ')}] as const`;
}
