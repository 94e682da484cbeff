import { TASK_TYPES, type TaskType } from '@capkit/api';
import type { Random } from './random.js';
import { applySolutionRules } from './solutionRules.js';
import { getSpecModel, type JsonSchema } from './specModel.js';

const MAX_DEPTH = 6;
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

interface FakeContext {
  random: Random;
  now: number;
}

function firstType(schema: JsonSchema): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry) => entry !== 'null') as string | undefined;
  if (schema.properties) return 'object';
  return undefined;
}

function fakeString(name: string, context: FakeContext): string {
  if (/user-?agent/i.test(name)) return USER_AGENT;
  return `emulator-${name.replace(/[^A-Za-z0-9]/g, '') || 'value'}-${context.random.hex(24)}`;
}

function fakeInteger(name: string, context: FakeContext): number {
  // Timestamps (createTime, expireTime) look like epoch ms so clients that compare them get sane values.
  if (/time$/i.test(name)) return /expire/i.test(name) ? context.now + 120_000 : context.now;
  return context.random.int(0, 9);
}

/** A number within the schema's `minimum`/`maximum` (4 decimals), else a small integer. */
function fakeNumber(schema: JsonSchema, context: FakeContext): number {
  const { minimum, maximum } = schema;
  if (typeof minimum !== 'number' || typeof maximum !== 'number') return context.random.int(0, 300);
  return Math.round((minimum + context.random.next() * (maximum - minimum)) * 10_000) / 10_000;
}

function fakeObject(schema: JsonSchema, context: FakeContext, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, property] of Object.entries(properties)) out[key] = fakeValue(property, key, context, depth + 1);
  const extra = schema.additionalProperties;
  if (Object.keys(properties).length === 0 && typeof extra === 'object' && extra !== null) {
    out.example = fakeValue(extra as JsonSchema, 'example', context, depth + 1);
  }
  for (const part of (schema.allOf ?? []) as JsonSchema[]) {
    Object.assign(out, fakeValue(part, 'allOf', context, depth + 1));
  }
  return out;
}

/** A fake value with the shape of `schema` (refs followed, first branch of a union, enum's first member). */
function fakeValue(schema: JsonSchema, name: string, context: FakeContext, depth: number): unknown {
  if (typeof schema.$ref === 'string') {
    const target = getSpecModel().schemaAt(schema.$ref.slice(1));
    return target ? fakeValue(target, name, context, depth) : null;
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branch = ((schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined)?.[0];
  if (branch) return fakeValue(branch, name, context, depth);
  if (depth > MAX_DEPTH) return null;
  switch (firstType(schema)) {
    case 'string':
      return fakeString(name, context);
    case 'integer':
      return fakeInteger(name, context);
    case 'number':
      return fakeNumber(schema, context);
    case 'boolean':
      return true;
    case 'array':
      return [fakeValue((schema.items ?? {}) as JsonSchema, name, context, depth + 1)];
    case 'object':
      return fakeObject(schema, context, depth);
    default:
      return schema.allOf ? fakeObject(schema, context, depth) : fakeString(name, context);
  }
}

/**
 * A fake solution for `taskType`, shaped by the spec's solution schema for that type
 * (`TASK_TYPES[type].solution`): every declared property gets a value of its type (in its range), then
 * `applySolutionRules` drops the fields the service sends only for other task options. Unknown types
 * (`acceptUnknownTaskTypes`) get a generic token solution that fits most vendors' clients.
 */
export function fakeSolution(
  taskType: string,
  random: Random,
  now: number,
  task: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const context = { random, now };
  if (!Object.hasOwn(TASK_TYPES, taskType)) {
    const token = `emulator-token-${random.hex(32)}`;
    return { gRecaptchaResponse: token, token, text: token, userAgent: USER_AGENT };
  }
  const type = taskType as TaskType;
  const schema = getSpecModel().schemaAt(`/components/schemas/${TASK_TYPES[type].solution}`) ?? {};
  return applySolutionRules(type, task, fakeObject(schema, context, 0), random);
}
