import openapi from '@capkit/api/openapi.json' with { type: 'json' };

/** A JSON Schema node of the spec, as far as field names are concerned. */
interface SchemaNode {
  readonly [keyword: string]: unknown;
  $ref?: string;
  properties?: Record<string, unknown>;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

const SCHEMAS: Record<string, SchemaNode> = openapi.components.schemas;
const REF_PREFIX = '#/components/schemas/';

function collect(node: SchemaNode | undefined, into: Set<string>, seen: Set<SchemaNode>): void {
  if (node === undefined || seen.has(node)) return;
  seen.add(node);
  if (node.$ref?.startsWith(REF_PREFIX)) collect(SCHEMAS[node.$ref.slice(REF_PREFIX.length)], into, seen);
  for (const name of Object.keys(node.properties ?? {})) into.add(name);
  for (const part of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) collect(part, into, seen);
}

/**
 * Every field the spec documents for a task type (its own properties and those of the parts it is built
 * from: parameter groups, both proxy forms), or `undefined` for a type the spec does not have.
 */
export function taskFieldsOf(type: string): ReadonlySet<string> | undefined {
  const schema = SCHEMAS[type];
  if (schema === undefined) return undefined;
  const fields = new Set<string>();
  collect(schema, fields, new Set());
  return fields;
}
