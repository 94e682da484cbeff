/** What a scrubbed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Object keys whose values are always secrets, whatever the value is. */
const SECRET_KEYS = new Set(['clientkey', 'apikey', 'authorization', 'x-api-key', 'proxy-authorization']);

/**
 * Secret-bearing fragments of text whose owner is unknown: a `clientKey` in JSON or a query string,
 * a bearer token. They catch keys the redactor was never told about (a backend's key in proxied mode).
 */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/("(?:clientKey|apiKey)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`],
  [/\b(clientKey|apiKey)=([^&\s"']+)/gi, `$1=${REDACTED}`],
  [/\b(Bearer\s+)[\w.~+/=-]+/gi, `$1${REDACTED}`],
];

/** Non-global copies of {@link SECRET_PATTERNS} for testing (a global RegExp's `test` is stateful). */
const SECRET_TESTS = SECRET_PATTERNS.map(([pattern]) => new RegExp(pattern.source, 'i'));

const MAX_DEPTH = 8;

/**
 * Scrubs secrets from strings and data. Every log line, error message, error cause, snapshot and
 * inspection event of the client passes through one, so the API key can never leave the process.
 */
export interface Redactor {
  /** The text with every known secret and secret-looking fragment replaced by {@link REDACTED}. */
  string(text: string): string;
  /**
   * A redacted deep copy of plain data: strings scrubbed, secret-named keys blanked, errors turned
   * into `{ name, message, code?, cause? }`, cycles cut. Functions and class instances other than
   * errors, arrays, dates and plain objects are left as they are.
   */
  value<T>(value: T): T;
  /** Whether the data (walked like {@link Redactor.value}) holds a known secret or a secret-looking fragment. */
  contains(value: unknown): boolean;
}

/**
 * Creates a {@link Redactor} for the given secrets (empty and `undefined` entries are ignored).
 *
 * @example
 * ```ts
 * const redactor = createRedactor([apiKey]);
 * logger.warn(redactor.string(`request failed: ${detail}`));
 * ```
 */
export function createRedactor(secrets: Iterable<string | undefined> = []): Redactor {
  const known = [...secrets].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of known) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
  const leaks = (text: string): boolean =>
    known.some((secret) => text.includes(secret)) || SECRET_TESTS.some((pattern) => pattern.test(text));

  return {
    string: scrub,
    value: <T>(value: T): T => copyRedacted(value, scrub, new WeakMap(), 0) as T,
    contains: (value) => walkStrings(value, leaks, new WeakSet(), 0),
  };
}

/** Redacts one value with a throw-away {@link Redactor}; see {@link Redactor.value}. */
export function redact<T>(value: T, secrets: Iterable<string | undefined> = []): T {
  return createRedactor(secrets).value(value);
}

function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function copyRedacted(value: unknown, scrub: (text: string) => string, seen: WeakMap<object, unknown>, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Error) return copyError(value, scrub, seen, depth);
  if (!isPlainContainer(value)) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copyRedacted(item, scrub, seen, depth + 1));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) && item != null ? REDACTED : copyRedacted(item, scrub, seen, depth + 1);
  }
  return out;
}

function copyError(error: Error, scrub: (text: string) => string, seen: WeakMap<object, unknown>, depth: number): unknown {
  // An error that knows how to describe itself safely (CapSolverError) is trusted to do so.
  const described: unknown = typeof (error as { toJSON?: unknown }).toJSON === 'function' ? (error as unknown as { toJSON(): unknown }).toJSON() : undefined;
  if (described !== undefined) return copyRedacted(described, scrub, seen, depth + 1);
  const out: Record<string, unknown> = { name: error.name, message: scrub(error.message) };
  seen.set(error, out);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.cause !== undefined) out.cause = copyRedacted(error.cause, scrub, seen, depth + 1);
  return out;
}

function walkStrings(value: unknown, leaks: (text: string) => boolean, seen: WeakSet<object>, depth: number): boolean {
  if (typeof value === 'string') return leaks(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH || seen.has(value)) return false;
  seen.add(value);
  if (value instanceof Error) {
    return leaks(value.message) || leaks(value.stack ?? '') || walkStrings(value.cause, leaks, seen, depth + 1);
  }
  if (!isPlainContainer(value)) return false;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return entries.some(([key, item]) =>
    (SECRET_KEYS.has(key.toLowerCase()) && typeof item === 'string' && item !== REDACTED && item.length > 0) ||
    walkStrings(item, leaks, seen, depth + 1),
  );
}
