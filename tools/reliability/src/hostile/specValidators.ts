import { isErrorCode, METHODS, type Method } from '@capkit/api';
import spec from '@capkit/api/openapi.json' with { type: 'json' };
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under some interop modes its default export arrives wrapped once more.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'capsolver');

function schema(name: string): ValidateFunction {
  const validate = ajv.getSchema(`capsolver#/components/schemas/${name}`);
  if (!validate) throw new Error(`The spec has no schema ${name}`);
  return validate;
}

const errorResponse = schema('ErrorResponse');
const successByMethod: Record<Method, ValidateFunction> = {
  createTask: schema('CreateTaskResponse'),
  getTaskResult: schema('GetTaskResultResponse'),
  getBalance: schema('GetBalanceResponse'),
  getToken: schema('GetTokenResponse'),
  feedbackTask: schema('FeedbackTaskResponse'),
};

/** The API method a request path names, the way the service routes it (slashes and query ignored). */
export function methodOfPath(path: string): Method | undefined {
  const name = (path.split('?')[0] ?? '').replace(/^\/+|\/+$/g, '');
  return (METHODS as readonly string[]).includes(name) ? (name as Method) : undefined;
}

/**
 * Checks an answer body against the shipped spec (`@capkit/api/openapi.json`, ajv, JSON Schema
 * 2020-12): an error envelope must be a valid `ErrorResponse` with a documented code; a success is
 * only acceptable for a real API method and must match that method's response schema. Returns the
 * problems found (empty when valid).
 */
export function specProblems(path: string, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['the body is not a JSON object'];
  const { errorId, errorCode } = body as { errorId?: unknown; errorCode?: unknown };
  if (errorId !== 0) {
    const problems = errorResponse(body)
      ? []
      : (errorResponse.errors ?? []).map((error) => `ErrorResponse${error.instancePath} ${error.message}`);
    if (!isErrorCode(errorCode)) problems.push(`undocumented errorCode ${JSON.stringify(errorCode)}`);
    return problems;
  }
  const method = methodOfPath(path);
  if (!method) return [`a success answer for ${path}, which is no API method`];
  const validate = successByMethod[method];
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${method} response${error.instancePath} ${error.message}`);
}
