import { TASK_TYPES, type TaskType } from '@capkit/api';
import openapi from '@capkit/api/openapi.json' with { type: 'json' };

type Schemas = Record<string, { examples?: Array<Record<string, unknown>> }>;
const schemas = (openapi as unknown as { components: { schemas: Schemas } }).components.schemas;

/** The spec's own example task for `type` (every task schema in the spec carries one). */
export function exampleTask(type: TaskType): Record<string, unknown> {
  const example = schemas[type]?.examples?.[0];
  if (!example) throw new Error(`the spec has no example for ${type}`);
  return structuredClone(example);
}

/** Every task type in the spec. */
export const ALL_TYPES = Object.keys(TASK_TYPES) as TaskType[];

/** A valid asynchronous token task (Turnstile). */
export function turnstileTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...exampleTask('AntiTurnstileTaskProxyLess'), ...overrides };
}

/** A valid getToken-capable task (reCAPTCHA v2, proxyless). */
export function recaptchaTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...exampleTask('ReCaptchaV2TaskProxyLess'), ...overrides };
}

/** A valid synchronous recognition task. */
export function imageTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...exampleTask('ImageToTextTask'), ...overrides };
}
