import openapi from '@capkit/api/openapi.json' with { type: 'json' };
import { TASK_TYPES, type TaskType } from '@capkit/api';

/** A JSON Schema node as far as the field walk needs it. */
interface SchemaNode {
  $ref?: string;
  properties?: Record<string, unknown>;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

const schemas = (openapi as { components: { schemas: Record<string, SchemaNode> } }).components.schemas;

/** The property names a schema documents: its own, and those of every schema it combines or refers to. */
function fieldsOf(node: SchemaNode | undefined, into: Set<string>, seen: Set<SchemaNode>): Set<string> {
  if (!node || seen.has(node)) return into;
  seen.add(node);
  if (node.$ref) fieldsOf(schemas[node.$ref.split('/').pop() ?? ''], into, seen);
  for (const name of Object.keys(node.properties ?? {})) into.add(name);
  for (const part of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) fieldsOf(part, into, seen);
  return into;
}

let cache: ReadonlyMap<TaskType, ReadonlySet<string>> | undefined;

/**
 * The fields the spec documents for each task type (`type` included), read once from the shipped
 * `@capkit/api/openapi.json`: what a browser may put in a task sent through the proxy by default.
 */
export function taskFieldsFromSpec(): ReadonlyMap<TaskType, ReadonlySet<string>> {
  cache ??= new Map(
    (Object.keys(TASK_TYPES) as TaskType[]).map((type) => [
      type,
      fieldsOf(schemas[type], new Set(['type']), new Set()),
    ]),
  );
  return cache;
}
