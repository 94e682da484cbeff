import openapi from '@capkit/api/openapi.json' with { type: 'json' };
import type { CallbackDelivery } from '@capkit/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const SPEC_ID = 'capsolver-openapi';
let validate: ValidateFunction | undefined;

/** The spec's getTaskResult answer schema, compiled once (and only by receivers that trust payloads). */
function validator(): ValidateFunction {
  if (!validate) {
    // strict: false: the document carries OpenAPI keywords (discriminator, example, x-capkit-*).
    const ajv = new Ajv2020({ strict: false, validateFormats: false, logger: false });
    ajv.addSchema(openapi, SPEC_ID);
    validate = ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/GetTaskResultResponse` });
  }
  return validate;
}

/**
 * The result a trusted callback body reports: only a JSON body that validates against the spec's
 * getTaskResult schema (`errorId: 0`, a status, a solution of a known shape) yields one. Anything
 * else (another shape, an error envelope, not JSON) yields undefined, and the task confirms with a
 * query instead.
 */
export function readCallbackPayload(body: string): CallbackDelivery['result'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!validator()(parsed)) return undefined;
  const { taskId, status, solution } = parsed as { taskId?: unknown; status: string; solution?: unknown };
  return { taskId: typeof taskId === 'string' ? taskId : undefined, status, solution };
}
