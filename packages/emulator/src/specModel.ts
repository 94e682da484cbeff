import openapi from '@capkit/api/openapi.json' with { type: 'json' };
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ApiMethod } from './faults.js';

/** A JSON schema object from the spec (boolean schemas do not occur in it). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The spec document read through JSON pointers; everything the emulator validates comes from here. */
export interface SpecModel {
  /** A validator for the schema at `pointer` (cached by ajv). */
  validator(pointer: string): ValidateFunction;
  /** The schema at `pointer`, with a top-level `$ref` followed. */
  schemaAt(pointer: string): JsonSchema | undefined;
  /** Pointer of a method's request body schema. */
  requestPointer(method: ApiMethod): string;
  /** Pointer of the JSON schema of a method's response with `status` (exact, then `5XX`, then `default`). */
  responsePointer(method: ApiMethod, status: number): string | undefined;
  /** Pointer of the schema of one task type in a method's `task` union (its discriminator mapping). */
  taskPointer(method: 'createTask' | 'getToken', type: string): string | undefined;
  /** The task types a method's `task` union accepts. */
  taskTypes(method: 'createTask' | 'getToken'): readonly string[];
  /**
   * Every property name the object schema at `pointer` declares, its `allOf` / `anyOf` / `oneOf` /
   * `then` parts included (refs followed): the field names a decoder would know for that object.
   */
  propertyNames(pointer: string): readonly string[];
}

const SPEC_ID = 'capkit:openapi';
type Json = Record<string, unknown>;

// ajv-formats ships CJS with `exports.default`; under some interop settings the default import is the
// module object itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function pointerOf(...segments: string[]): string {
  return segments.map((segment) => `/${escapePointer(segment)}`).join('');
}

function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[segment];
  }
  return node;
}

/** Follows `$ref`s (local `#/...` only, as in the spec) until a schema without one; returns its pointer. */
function follow(root: unknown, pointer: string): string {
  const seen = new Set<string>();
  let current = pointer;
  for (;;) {
    const node = at(root, current) as Json | undefined;
    const ref = node?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(current)) return current;
    seen.add(current);
    current = ref.slice(1);
  }
}

function matchStatus(responses: Json, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}

/**
 * The type -> schema map of a task union without a discriminator mapping: each `oneOf`/`anyOf`
 * member `$ref` keyed by the `const` of its `type` property.
 */
function mappingFromMembers(document: Json, union: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const member of (union?.oneOf ?? union?.anyOf ?? []) as Json[]) {
    const ref = member.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) continue;
    const schema = at(document, follow(document, ref.slice(1))) as
      { properties?: { type?: { const?: unknown } } } | undefined;
    const type = schema?.properties?.type?.const;
    if (typeof type === 'string') out[type] = ref;
  }
  return out;
}

const PART_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;

/** The property names of the schema at `pointer` and of the parts it is composed of. */
function collectPropertyNames(document: Json, pointer: string, into: Set<string>, depth = 0): void {
  const schema = at(document, follow(document, pointer)) as Json | undefined;
  if (!schema || depth > 8) return;
  for (const name of Object.keys((schema.properties ?? {}) as Json)) into.add(name);
  const resolved = follow(document, pointer);
  for (const keyword of PART_KEYWORDS) {
    const parts = (schema[keyword] ?? []) as unknown[];
    parts.forEach((_, index) => collectPropertyNames(document, `${resolved}/${keyword}/${index}`, into, depth + 1));
  }
  if (schema.then) collectPropertyNames(document, `${resolved}/then`, into, depth + 1);
}

/** Builds a model over any OpenAPI document shaped like the capkit spec (exported for tests). */
export function createSpecModel(document: Json): SpecModel {
  // strict: false because the document carries OpenAPI keywords (discriminator, example, x-capkit-*)
  // that are not JSON Schema; ajv ignores them. The discriminator is resolved here, by type, instead.
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema(document, SPEC_ID);

  const operation = (method: ApiMethod): string => pointerOf('paths', `/${method}`, 'post');
  const requestPointer = (method: ApiMethod): string =>
    follow(document, `${operation(method)}${pointerOf('requestBody', 'content', 'application/json', 'schema')}`);
  const unionPointer = (method: 'createTask' | 'getToken'): string =>
    follow(document, `${requestPointer(method)}${pointerOf('properties', 'task')}`);
  const mapping = (method: 'createTask' | 'getToken'): Readonly<Record<string, string>> => {
    const union = at(document, unionPointer(method)) as Json | undefined;
    const declared = (union?.discriminator as { mapping?: Record<string, string> } | undefined)?.mapping;
    return declared ?? mappingFromMembers(document, union);
  };

  const names = new Map<string, readonly string[]>();

  return {
    validator: (pointer) => {
      const validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
      if (!validate) throw new Error(`the spec has no schema at ${pointer}`);
      return validate;
    },
    schemaAt: (pointer) => at(document, follow(document, pointer)) as JsonSchema | undefined,
    requestPointer,
    responsePointer: (method, status) => {
      const responsesPointer = `${operation(method)}/responses`;
      const key = matchStatus((at(document, responsesPointer) as Json | undefined) ?? {}, status);
      if (key === undefined) return undefined;
      const response = follow(document, `${responsesPointer}${pointerOf(key)}`);
      const schema = `${response}${pointerOf('content', 'application/json', 'schema')}`;
      return at(document, schema) === undefined ? undefined : follow(document, schema);
    },
    taskPointer: (method, type) => {
      const ref = mapping(method)[type];
      return typeof ref === 'string' && ref.startsWith('#/') ? follow(document, ref.slice(1)) : undefined;
    },
    taskTypes: (method) => Object.keys(mapping(method)),
    propertyNames: (pointer) => {
      let known = names.get(pointer);
      if (!known) {
        const into = new Set<string>();
        collectPropertyNames(document, pointer, into);
        known = [...into];
        names.set(pointer, known);
      }
      return known;
    },
  };
}

let shared: SpecModel | undefined;

/** The process-wide model of `@capkit/api/openapi.json` (compiling validators is the slow part, so share it). */
export function getSpecModel(): SpecModel {
  shared ??= createSpecModel(openapi as unknown as Json);
  return shared;
}

/** An ajv error as a field path relative to `base` (`task.metadata.action`, `images[0]`). */
export function fieldOf(error: ErrorObject, base = ''): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'required') parts.push(String((error.params as { missingProperty: string }).missingProperty));
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    base,
  );
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'not', 'discriminator']);

/**
 * Picks the error a person should read first: a missing field at the shallowest level, else the
 * first concrete complaint (type, const, format…). Combinator summaries ("must match a schema in
 * anyOf") only repeat what the concrete errors already say.
 */
export function primaryError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const concrete = errors.filter((error) => !COMBINATORS.has(error.keyword));
  const depth = (error: ErrorObject) => error.instancePath.split('/').length;
  const required = concrete.filter((error) => error.keyword === 'required').sort((a, b) => depth(a) - depth(b));
  return required[0] ?? concrete[0] ?? errors[0];
}

/** The `…/anyOf/2` part of a schema path (the union branch an error came from), if any. */
function branchOf(error: ErrorObject): { union: string; branch: string } | undefined {
  const match = /^(.*\/(?:anyOf|oneOf))\/(\d+)\//.exec(error.schemaPath);
  return match ? { union: match[1] ?? '', branch: match[2] ?? '' } : undefined;
}

/**
 * Missing fields of a union ("body or images", "proxy or proxyType…"): groups the `required` errors
 * of the same object by union branch, so the message offers every way to fix it.
 */
function alternatives(primary: ErrorObject, errors: readonly ErrorObject[], base: string): string | undefined {
  const union = branchOf(primary)?.union;
  if (union === undefined) return undefined;
  const groups = new Map<string, string[]>();
  for (const error of errors) {
    const where = branchOf(error);
    if (error.keyword !== 'required' || error.instancePath !== primary.instancePath || where?.union !== union) continue;
    groups.set(where.branch, [...(groups.get(where.branch) ?? []), fieldOf(error, base)]);
  }
  const options = [...groups.values()].map((fields) => fields.join(' and '));
  if (options.length < 2) return undefined;
  return `one of these is required: ${options.join(' | ')}`;
}

/** A one-line, human message for the primary ajv error, naming the field (and its alternatives). */
export function describeError(
  error: ErrorObject,
  base = '',
  errors: readonly ErrorObject[] = [error],
): { field: string; message: string } {
  const field = fieldOf(error, base) || base || '(body)';
  if (error.keyword === 'required') {
    return { field, message: alternatives(error, errors, base) ?? `${field} is required` };
  }
  return { field, message: `${field} ${error.message ?? 'is invalid'}` };
}
