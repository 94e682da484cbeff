import { DEFAULT_API_KEY, type ApiMethod } from '../../index.js';

/** One answer seen on the wire, kept for the contract check that runs after each test file. */
export interface RecordedResponse {
  method: ApiMethod;
  status: number;
  contentType: string;
  text: string;
  /** The test provoked a fault that deliberately breaks the JSON (malformed, truncated). */
  broken: boolean;
}

/** Every API answer the tests in this file received (see setup/contractCheck.ts). */
export const recorded: RecordedResponse[] = [];

/** The emulator's default key. */
export const KEY = DEFAULT_API_KEY;

/** What a call returned. `json` is undefined when the body is not JSON. */
export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, any> | undefined;
}

function parseJson(text: string): Record<string, any> | undefined {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return undefined;
  }
}

/**
 * POSTs to an API method over real HTTP (or through msw when it intercepts fetch) and records the
 * answer. `body` is sent as is when it is a string, else as JSON.
 */
export async function call(
  baseUrl: string,
  method: ApiMethod,
  body: unknown,
  options: { broken?: boolean } = {},
): Promise<ApiResult> {
  const response = await fetch(`${baseUrl}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  recorded.push({
    method,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    broken: options.broken ?? false,
  });
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

/** A client bound to one emulator URL and key. */
export function apiFor(baseUrl: string, clientKey: string = KEY) {
  return {
    createTask: (task: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      call(baseUrl, 'createTask', { clientKey, task, ...extra }),
    getTaskResult: (taskId: string) => call(baseUrl, 'getTaskResult', { clientKey, taskId }),
    getBalance: () => call(baseUrl, 'getBalance', { clientKey }),
    getToken: (task: Record<string, unknown>) => call(baseUrl, 'getToken', { clientKey, task }),
    feedbackTask: (taskId: string, result: Record<string, unknown> = { invalid: false }) =>
      call(baseUrl, 'feedbackTask', { clientKey, taskId, result }),
  };
}

/** Polls until the task is no longer idle/processing, or `maxQueries` is used up. */
export async function pollUntilSettled(baseUrl: string, taskId: string, maxQueries = 100): Promise<ApiResult> {
  const api = apiFor(baseUrl);
  let result = await api.getTaskResult(taskId);
  for (let query = 1; query < maxQueries && result.json?.errorId === 0 && result.json.status !== 'ready'; query++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    result = await api.getTaskResult(taskId);
  }
  return result;
}
