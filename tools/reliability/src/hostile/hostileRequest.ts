import { request } from 'node:http';
import { METHODS as HTTP_METHODS } from 'node:http';
import { METHODS, TASK_TYPES } from '@capkit/api';
import spec from '@capkit/api/openapi.json' with { type: 'json' };
import fc from 'fast-check';

/** A request the hostile suite sends to the emulator. */
export interface HostileRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: Uint8Array;
}

/** What came back. `reset` when the connection closed without an answer. */
export type RawAnswer =
  { reset: true } | { reset: false; status: number; contentType: string | undefined; text: string };

const KEY = 'CAP-EMULATOR-KEY';
const schemas = (spec as unknown as { components: { schemas: Record<string, { examples?: unknown[] }> } }).components
  .schemas;
const examples = Object.keys(TASK_TYPES)
  .map((type) => schemas[type]?.examples?.[0])
  .filter((example) => example !== undefined);
const bytes = (text: string) => new TextEncoder().encode(text);

/** Every method the HTTP parser accepts, but CONNECT (a tunnel, not a request). */
const httpMethod = fc.oneof(
  { weight: 5, arbitrary: fc.constant('POST') },
  { weight: 2, arbitrary: fc.constantFrom(...HTTP_METHODS.filter((method) => method !== 'CONNECT')) },
);

const apiPath = fc.constantFrom(...METHODS).chain((method) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(`/${method}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `/${method}/`,
        `//${method}`,
        `/${method}?clientKey=${KEY}`,
        `/${method.toUpperCase()}`,
        `/${method}/extra`,
        `/v1/${method}`,
      ),
    },
  ),
);
const path = fc.oneof(
  { weight: 4, arbitrary: apiPath },
  { weight: 1, arbitrary: fc.webPath().map((value) => (value.startsWith('/') ? value : `/${value}`)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/',
      '/__emulator/stats',
      '/__emulator/reset',
      '/../createTask',
      '/%00',
      '/createTask%20',
    ),
  },
);

/** A spec example with fields dropped, retyped or added: mostly refused, sometimes still valid. */
const nearMissTask = fc.constantFrom(...examples).chain((example) => {
  const fields = Object.keys(example as Record<string, unknown>);
  return fc
    .record({
      drop: fc.subarray(fields, { maxLength: 2 }),
      retype: fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 1 }),
      extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    })
    .map(({ drop, retype, extra }) => {
      const task: Record<string, unknown> = { ...(example as Record<string, unknown>), ...retype, ...extra };
      for (const field of drop) delete task[field];
      return task;
    });
});

/** API bodies that are almost right: the right key (mostly), near-miss tasks, odd task ids. */
const nearMissBody = fc
  .record({
    key: fc.oneof(
      { weight: 3, arbitrary: fc.constant<unknown>(KEY) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('', 'wrong', undefined, 42, null) },
    ),
    task: fc.oneof({ weight: 4, arbitrary: nearMissTask }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
    taskId: fc.oneof(fc.uuid(), fc.string({ maxLength: 8 }), fc.integer(), fc.constant(undefined)),
    result: fc.oneof(
      fc.record(
        { invalid: fc.boolean(), code: fc.integer(), message: fc.string({ maxLength: 10 }) },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 1 }),
    ),
  })
  .map(({ key, task, taskId, result }) => ({ clientKey: key, task, taskId, result }));

const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: nearMissBody.map((value) => bytes(JSON.stringify(value))) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => bytes(JSON.stringify(value) ?? 'null')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map(bytes) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
  // Past the emulator's body limit (the suite starts it with maxBodyBytes 4096).
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 4_097, max: 20_000 })
      .map((size) => bytes(`{"clientKey":"${KEY}","pad":"${'x'.repeat(size)}"}`)),
  },
);

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/html',
  ),
  fc.constant(undefined),
  fc.stringMatching(/^[a-z]{1,8}\/[a-z0-9.+-]{1,12}$/),
);

/** A fast-check arbitrary of one {@link HostileRequest}. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.record({ method: httpMethod, path, contentType, body });

/** Sends `hostile` with node:http (which, unlike fetch, allows any method and body) and reads the answer. */
export function sendRaw(baseUrl: string, hostile: HostileRequest, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-length': hostile.body.length };
    if (hostile.contentType !== undefined) headers['content-type'] = hostile.contentType;
    const { hostname, port } = new URL(baseUrl);
    // The path goes on the wire verbatim (a URL string would be normalized first: `/../x` -> `/x`).
    const target = { hostname, port, path: hostile.path, method: hostile.method, headers, timeout: timeoutMs };
    const outgoing = request(target, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          reset: false,
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', () => resolve({ reset: true }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve({ reset: true }) : reject(error),
    );
    outgoing.end(hostile.body);
  });
}
