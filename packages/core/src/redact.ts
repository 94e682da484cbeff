/** What a scrubbed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Object keys whose values are always secrets, whatever the value is (any case). */
const SECRET_KEY = /^(clientkey|apikey|authorization|x-api-key|proxy-authorization)$/i;

/**
 * Secret-bearing fragments of text whose owner is unknown, each with the part kept before the secret
 * ($1, $2 or $3): a `clientKey` in JSON (the secret ends before its closing quote) or in a query
 * string, a bearer token. They catch keys the redactor was never told about (a backend's key in
 * proxy mode).
 */
const SECRET_FRAGMENT =
  /("(?:clientKey|apiKey)"\s*:\s*")(?:[^"\\]|\\.)*(?=")|\b((?:clientKey|apiKey)=)[^&\s"']+|\b(Bearer\s+)[\w.~+/=-]+/gi;

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
  const known = [...secrets].filter((secret): secret is string => !!secret);
  const scrub = (text: string): string =>
    known.reduce((out, secret) => out.split(secret).join(REDACTED), text).replace(SECRET_FRAGMENT, `$1$2$3${REDACTED}`);
  return {
    string: scrub,
    value: <T>(value: T): T => copy(value, scrub, new WeakMap()) as T,
    contains(value) {
      let found = false;
      // The same walk as `value`, watching instead of scrubbing: text holds a secret exactly when
      // scrubbing changes it (an already redacted fragment is no secret).
      const watch = (text: string): string => {
        if (scrub(text) !== text) found = true;
        return text;
      };
      copy(value, watch, new WeakMap(), (item) => {
        if (item !== '' && item !== REDACTED) found = true;
      });
      return found;
    },
  };
}

/** Redacts one value with a throw-away {@link Redactor}; see {@link Redactor.value}. */
export function redact<T>(value: T, secrets: Iterable<string | undefined> = []): T {
  return createRedactor(secrets).value(value);
}

/**
 * The redacted copy of `value` (see {@link Redactor.value}). With `onSecretKey` (which sees the value
 * of each secret-named key) it watches: errors are walked raw (message, stack, cause), not via `toJSON`.
 */
function copy(
  value: unknown,
  scrub: (text: string) => string,
  seen: WeakMap<object, unknown>,
  onSecretKey?: (item: unknown) => void,
): unknown {
  if (typeof value === 'string') return scrub(value);
  if (!value || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  const next = (item: unknown) => copy(item, scrub, seen, onSecretKey);
  if (value instanceof Error) {
    // An error that knows how to describe itself safely (CapSolverError) is trusted to do so.
    const json: unknown =
      !onSecretKey && typeof (value as { toJSON?: unknown }).toJSON === 'function'
        ? (value as unknown as { toJSON(): unknown }).toJSON()
        : undefined;
    if (json !== undefined) return next(json);
    const out: Record<string, unknown> = { name: value.name, message: scrub(value.message) };
    seen.set(value, out);
    if (onSecretKey) scrub(value.stack ?? '');
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    if (value.cause !== undefined) out.cause = next(value.cause);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  const out = (isArray ? [] : {}) as Record<string, unknown>;
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) {
    const secret = SECRET_KEY.test(key) && item != null;
    if (secret) onSecretKey?.(item);
    // While watching, a secret-named key's value is walked too: it may hold the key deeper down.
    out[key] = secret && !onSecretKey ? REDACTED : next(item);
  }
  return out;
}
