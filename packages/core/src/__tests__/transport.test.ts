import { afterEach, describe, expect, it } from 'vitest';
import { createApiCalls } from '../client/createApiCalls.js';
import { resolveClientOptions } from '../client/resolveClientOptions.js';
import type { ClientOptions } from '../client/types.js';
import { AuthenticationError, RateLimitError } from '../errors/apiErrors.js';
import { CapSolverError } from '../errors/CapSolverError.js';
import { AbortedError, TaskMayExistError, TimeoutError, TransportError } from '../errors/clientErrors.js';
import { readFetchFailure } from '../transport/readFetchFailure.js';
import { refusedUrl, startScriptedServer, type ScriptedReply } from './helpers/scriptedServer.js';

const KEY = 'CAP-TRANSPORT-TEST-KEY-0001';
const task = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'site-key' } as const;
const created = { body: { errorId: 0, taskId: 'task-1', status: 'idle' } };
const unavailable = {
  status: 503,
  body: { errorId: 1, errorCode: 'ERROR_SERVICE_UNAVALIABLE', errorDescription: 'busy' },
};
const htmlPage = (status: number, extra = ''): ScriptedReply => ({
  status,
  headers: { 'content-type': 'text/html' },
  body: `<!DOCTYPE html><html><body><h1>${status} Bad Gateway</h1>${extra}</body></html>`,
});

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

async function serve(
  script: (request: { path: string; body: Record<string, unknown> }, index: number) => ScriptedReply,
) {
  const server = await startScriptedServer(script);
  closeServer = server.close;
  return server;
}

function api(baseUrl: string, overrides: Partial<ClientOptions> = {}) {
  return createApiCalls(
    resolveClientOptions({
      apiKey: KEY,
      baseUrl,
      timeoutMs: 300,
      backoff: { baseDelayMs: 5, maxDelayMs: 20 },
      ...overrides,
    }),
    readFetchFailure,
  );
}

/** Runs `promise`, expecting a typed error (never a TypeError); returns it. */
async function failure(promise: Promise<unknown>): Promise<CapSolverError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CapSolverError);
  return error as CapSolverError;
}

describe('transport: retries', () => {
  it('retries 5xx and ERROR_SERVICE_UNAVALIABLE for an idempotent call', async () => {
    const server = await serve((_, i) =>
      i === 0 ? htmlPage(502) : i === 1 ? unavailable : { body: { errorId: 0, balance: 12.5 } },
    );
    await expect(api(server.url).getBalance()).resolves.toEqual({ balance: 12.5, packages: [] });
    expect(server.received).toHaveLength(3);
    expect(server.received.every((request) => request.path === '/getBalance' && request.body.clientKey === KEY)).toBe(
      true,
    );
  });

  it('gives up after maxRetries with a typed error carrying the status', async () => {
    const server = await serve(() => htmlPage(502, `<pre>${KEY}</pre>`));
    const error = await failure(api(server.url).getBalance());
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 502 });
    expect(error.message).toContain('HTTP 502 with a body that is not JSON: <!DOCTYPE html>');
    expect(error.message).not.toContain(KEY);
    expect(server.received).toHaveLength(3);
  });

  it('quotes no part of the key, even where the quoted start of the body cuts it', async () => {
    const server = await serve(() => ({ status: 502, body: `${'x'.repeat(110)}${KEY}` }));
    const error = await failure(api(server.url, { maxRetries: 0 }).getBalance());
    expect(error.message).not.toContain(KEY.slice(0, 10));
    expect(JSON.stringify(error)).not.toContain(KEY.slice(0, 10));
  });

  it('bounds getTaskResult retries by the attempts allowed and reports each retry', async () => {
    const server = await serve(() => 'reset');
    let retries = 0;
    const error = await failure(
      api(server.url, { maxRetries: 5 }).getTaskResult('t1', { maxAttempts: 2, onRetry: () => retries++ }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error.cause).toBeDefined();
    expect(server.received).toHaveLength(2);
    expect(retries).toBe(1);
  });

  it('sends no retry after notAfter', async () => {
    // The answer comes after the deadline: the first request leaves in time, no retry does.
    const server = await serve(() => ({ ...unavailable, delayMs: 80 }));
    const error = await failure(api(server.url).getTaskResult('t1', { notAfter: Date.now() + 40 }));
    expect(error.code).toBe('ERROR_SERVICE_UNAVALIABLE');
    expect(server.received).toHaveLength(1);
  });

  it('sends no retry whose timer fired after notAfter (a stalled process)', async () => {
    const server = await serve(() => unavailable);
    // Every timer fires 150 ms late, as in a process that stalls (GC pause, busy loop, suspended laptop).
    const late = {
      setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms + 150),
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    let retries = 0;
    const notAfter = Date.now() + 100;
    const error = await failure(
      api(server.url, { timers: late }).getTaskResult('t1', { notAfter, onRetry: () => retries++ }),
    );
    expect(error.code).toBe('ERROR_SERVICE_UNAVALIABLE');
    expect(server.received).toHaveLength(1);
    expect(retries).toBe(0);
  });

  it('waits for onRetry (the stored count) before the retry leaves', async () => {
    const server = await serve((_, i) => (i === 0 ? unavailable : { body: { errorId: 0, status: 'processing' } }));
    let countStoredAt = 0;
    const onRetry = () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          countStoredAt = Date.now();
          resolve();
        }, 60),
      );
    await expect(api(server.url).getTaskResult('t1', { onRetry })).resolves.toMatchObject({ status: 'processing' });
    expect(server.received).toHaveLength(2);
    expect(countStoredAt).toBeGreaterThan(0);
    expect(server.received[1]!.at).toBeGreaterThanOrEqual(countStoredAt);
  });

  it('honours retry-after-ms, and falls back to the backoff when it is over the cap', async () => {
    const server = await serve((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after-ms': '150' }, body: 'slow down' }
        : { body: { errorId: 0, balance: 1 } },
    );
    await api(server.url).getBalance();
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(140);

    await closeServer?.();
    const capped = await serve((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '3600' }, body: 'slow down' }
        : { body: { errorId: 0, balance: 1 } },
    );
    const started = Date.now();
    await api(capped.url).getBalance();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('turns a final 429 without the envelope into a RateLimitError with the asked wait', async () => {
    const server = await serve(() => ({ status: 429, headers: { 'retry-after': '2' }, body: 'Too Many Requests' }));
    const error = await failure(api(server.url, { maxRetries: 0 }).getTaskResult('t1'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2_000, retryable: true });
  });

  it('does not retry a refusal such as a wrong key', async () => {
    const server = await serve(() => ({ status: 401, body: { errorId: 1, errorCode: 'ERROR_KEY_DENIED_ACCESS' } }));
    const error = await failure(api(server.url).getBalance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(server.received).toHaveLength(1);
  });
});

describe('transport: createTask is never paid twice', () => {
  it('retries a refused connection, which proves nothing was sent', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return globalThis.fetch(input, init);
    };
    const error = await failure(api(await refusedUrl(), { fetch: counting }).createTask(task));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).not.toBeInstanceOf(TaskMayExistError);
    expect(JSON.stringify(error)).toContain('ECONNREFUSED');
    expect(calls).toBe(3);
  });

  it('retries a bare 429 and a rate-limit refusal', async () => {
    const server = await serve((_, i) =>
      i === 0
        ? { status: 429, body: 'Too Many Requests' }
        : i === 1
          ? { body: { errorId: 1, errorCode: 'ERROR_RATE_LIMIT' } }
          : created,
    );
    await expect(api(server.url).createTask(task)).resolves.toEqual({
      taskId: 'task-1',
      status: 'idle',
      solution: undefined,
    });
    expect(server.received).toHaveLength(3);
  });

  it('does not re-send after a reset once the request was sent', async () => {
    const server = await serve(() => 'reset');
    const error = await failure(api(server.url).createTask(task));
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(error.message).toMatch(/may exist.*not re-sent/);
    expect(server.received).toHaveLength(1);
  });

  it('does not re-send after a timeout', async () => {
    const server = await serve(() => 'hang');
    const error = await failure(api(server.url, { timeoutMs: 100 }).createTask(task));
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(server.received).toHaveLength(1);
  });

  it('does not re-send after a malformed 200 or a gateway timeout', async () => {
    const malformed = await serve(() => ({ body: '{"errorId":0,"taskId":' }));
    const error = await failure(api(malformed.url).createTask(task));
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(error.status).toBe(200);
    expect(malformed.received).toHaveLength(1);
    await closeServer?.();

    const gateway = await serve(() => htmlPage(504));
    expect(await failure(api(gateway.url).createTask(task))).toBeInstanceOf(TaskMayExistError);
    expect(gateway.received).toHaveLength(1);
  });

  it('treats a success without a taskId as a task that may exist', async () => {
    const server = await serve(() => ({ body: { errorId: 0, status: 'idle' } }));
    expect(await failure(api(server.url).createTask(task))).toBeInstanceOf(TaskMayExistError);
  });

  it('accepts a sync answer and a numeric task id', async () => {
    const server = await serve((_, i) =>
      i === 0
        ? { body: { errorId: 0, status: 'ready', solution: { text: 'abc' }, taskId: 'r1' } }
        : { body: { errorId: 0, taskId: 42 } },
    );
    const calls = api(server.url);
    await expect(calls.createTask(task)).resolves.toEqual({ taskId: 'r1', status: 'ready', solution: { text: 'abc' } });
    await expect(calls.createTask(task)).resolves.toMatchObject({ taskId: '42' });
  });
});

describe('transport: validation at the boundary', () => {
  it.each([
    ['an HTML page', htmlPage(200), 'INVALID_RESPONSE'],
    ['broken JSON', { body: '{"errorId":0,' }, 'INVALID_RESPONSE'],
    ['JSON without errorId', { body: { status: 'ready' } }, 'INVALID_RESPONSE'],
    ['ready without a solution', { body: { errorId: 0, status: 'ready' } }, 'INVALID_RESPONSE'],
    ['no status', { body: { errorId: 0 } }, 'INVALID_RESPONSE'],
    ['an empty 500', { status: 500, body: '' }, 'HTTP_ERROR'],
  ] as const)('turns %s into a typed error with the status', async (_, reply, code) => {
    const server = await serve(() => reply);
    const error = await failure(api(server.url, { maxRetries: 0 }).getTaskResult('t1'));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe(code);
    expect(error.status).toBe((reply as { status?: number }).status ?? 200);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('retries a success that lacks what the client needs, like any unusable answer, when nothing can be created', async () => {
    const server = await serve((_, i) =>
      i === 0 ? { body: { errorId: 0, balance: 'lots' } } : { body: { errorId: 0, balance: 7 } },
    );
    await expect(api(server.url).getBalance()).resolves.toEqual({ balance: 7, packages: [] });
    expect(server.received).toHaveLength(2);
  });

  it('maps an error envelope to the typed error, with the task id', async () => {
    const server = await serve(() => ({
      status: 400,
      body: { errorId: 1, errorCode: 'ERROR_TASKID_INVALID', errorDescription: 'no such task' },
    }));
    const error = await failure(api(server.url).getTaskResult('t-gone'));
    expect(error).toMatchObject({
      code: 'ERROR_TASKID_INVALID',
      taskId: 't-gone',
      status: 400,
      description: 'no such task',
    });
  });
});

describe('transport: abort and secrets', () => {
  it('aborts the in-flight request at once', async () => {
    const server = await serve(() => 'hang');
    const controller = new AbortController();
    const started = Date.now();
    const pending = api(server.url, { timeoutMs: 10_000 }).getTaskResult('t1', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await failure(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('sends the key only in the body, and none in proxy mode', async () => {
    const server = await serve(() => ({ body: { errorId: 0, balance: 3 } }));
    await api(server.url).getBalance();
    await createApiCalls(resolveClientOptions({ proxyUrl: server.url }), readFetchFailure).getBalance();
    expect(server.received[0]!.body.clientKey).toBe(KEY);
    expect(server.received[0]!.path).not.toContain(KEY);
    expect(server.received[1]!.body).not.toHaveProperty('clientKey');
  });
});
