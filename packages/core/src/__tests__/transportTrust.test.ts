import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiCalls } from '../client/createApiCalls.js';
import { resolveClientOptions } from '../client/resolveClientOptions.js';
import type { ClientOptions } from '../client/types.js';
import { CapSolverError } from '../errors/CapSolverError.js';
import { TaskExpiredError, TaskMayExistError, TransportError } from '../errors/clientErrors.js';
import { readFetchFailure } from '../transport/readFetchFailure.js';
import { startScriptedServer, type ScriptedReply } from './helpers/scriptedServer.js';

// Issue 16: the transport never follows a redirect with the key, never reads an oversized answer,
// never treats a gateway's 5xx as proof that createTask created nothing, and never sends after its deadline.
const KEY = 'CAP-TRUST-TEST-KEY-0123456789abcdef';
const task = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'site-key' } as const;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(
  script: (request: { path: string; body: Record<string, unknown> }, index: number) => ScriptedReply,
) {
  const server = await startScriptedServer(script);
  closers.push(server.close);
  return server;
}

function api(baseUrl: string, overrides: Partial<ClientOptions> = {}) {
  return createApiCalls(
    resolveClientOptions({
      apiKey: KEY,
      baseUrl,
      timeoutMs: 1_000,
      backoff: { baseDelayMs: 5, maxDelayMs: 20 },
      ...overrides,
    }),
    readFetchFailure,
  );
}

async function failure(promise: Promise<unknown>): Promise<CapSolverError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CapSolverError);
  return error as CapSolverError;
}

describe('transport: redirects are never followed with the key', () => {
  it.each([307, 308, 302])('a %i to another origin never receives the key there', async (status) => {
    const elsewhere = await serve(() => ({ body: { errorId: 0, balance: 999, taskId: 'stolen', status: 'idle' } }));
    const server = await serve((request) => ({
      status,
      headers: { location: `${elsewhere.url}${request.path}` },
      body: '',
    }));
    const balance = await failure(api(server.url).getBalance());
    expect(balance).toBeInstanceOf(TransportError);
    expect(balance.message).toMatch(/redirect/);
    expect(balance.status).toBe(status);
    const created = await failure(api(server.url).createTask(task));
    // It may have been processed before the redirect: never re-sent, never followed.
    expect(created).toBeInstanceOf(TaskMayExistError);
    expect(elsewhere.received).toHaveLength(0);
    // Neither retried: the next answer would be the same redirect.
    expect(server.received).toHaveLength(2);
  });
});

describe('transport: a gateway 5xx is no proof that createTask created nothing', () => {
  it.each([500, 502, 503, 520])('a bare %i on createTask is a TaskMayExistError, sent once', async (status) => {
    const server = await serve(() => ({ status, headers: { 'content-type': 'text/html' }, body: '<h1>gateway</h1>' }));
    const error = await failure(api(server.url).createTask(task));
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(error.status).toBe(status);
    expect(server.received).toHaveLength(1);
  });

  it("takes a capkit proxy's CAPKIT_PROXY_TASK_MAY_EXIST at its word, and retries its not-sent codes", async () => {
    const mayExist = await serve(() => ({
      status: 504,
      body: { errorId: 1, errorCode: 'CAPKIT_PROXY_TASK_MAY_EXIST', errorDescription: 'lost upstream' },
    }));
    const error = await failure(api(mayExist.url).createTask(task));
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(mayExist.received).toHaveLength(1);

    const notSent = await serve((_, i) =>
      i === 0
        ? { status: 502, body: { errorId: 1, errorCode: 'CAPKIT_PROXY_UPSTREAM_UNREACHABLE' } }
        : { body: { errorId: 0, taskId: 't-1', status: 'idle' } },
    );
    await expect(api(notSent.url).createTask(task)).resolves.toMatchObject({ taskId: 't-1' });
    expect(notSent.received).toHaveLength(2);
  });
});

describe('transport: answer size', () => {
  it('refuses an oversized answer without buffering it whole', async () => {
    let written = 0;
    let aborted = false;
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errorId":0,"balance":1,"padding":"');
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        // Stops once the client hung up; otherwise would go on to 200 MB.
        while (!aborted && written < 200 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      res.on('close', () => (aborted = true));
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await failure(api(url, { maxRetries: 0, maxAnswerBytes: 256 * 1024 }).getBalance());
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toMatch(/larger than 262144 bytes/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a declared content-length over the limit, and createTask then may exist', async () => {
    const server = await serve(() => ({ body: { errorId: 0, taskId: 't-big', padding: 'y'.repeat(4096) } }));
    const error = await failure(api(server.url, { maxAnswerBytes: 1024 }).createTask(task));
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(server.received).toHaveLength(1);
  });
});

describe('transport: secrets in unparseable answers', () => {
  it('keeps no piece of the key in the cause of a non-JSON answer', async () => {
    // JSON.parse's own SyntaxError quotes the first characters of the body: here, the key's.
    const server = await serve(() => ({ status: 200, body: `${KEY} is not json` }));
    const error = await failure(api(server.url, { maxRetries: 0 }).getBalance());
    const chain: unknown[] = [];
    for (let link: unknown = error; link instanceof Error; link = link.cause) chain.push(link);
    const text = chain.map((link) => `${String(link)} ${(link as Error).stack ?? ''}`).join('\n');
    expect(chain.length).toBeGreaterThan(1);
    expect(text).not.toContain(KEY.slice(0, 8));
    expect(JSON.stringify(error)).not.toContain(KEY.slice(0, 8));
  });
});

describe('transport: precision-safe task ids', () => {
  it('keeps the digits of a numeric id above 2^53 as the server wrote them', async () => {
    const server = await serve(() => ({ body: '{"errorId":0,"taskId":9007199254740993,"status":"idle"}' }));
    await expect(api(server.url).createTask(task)).resolves.toMatchObject({ taskId: '9007199254740993' });
  });

  it('refuses an id it cannot tell exactly (a fraction) with a typed error, never a rounded one', async () => {
    const server = await serve(() => ({ body: '{"errorId":0,"taskId":12.5,"status":"idle"}' }));
    expect(await failure(api(server.url).createTask(task))).toBeInstanceOf(TaskMayExistError);
  });
});

describe('transport: the deadline is checked right before each send', () => {
  it('sends nothing when the deadline passed while the caller awaited (a slow store write)', async () => {
    const server = await serve(() => ({ body: { errorId: 0, status: 'processing' } }));
    const error = await failure(api(server.url).getTaskResult('t1', { notAfter: Date.now() - 1 }));
    expect(error).toBeInstanceOf(TaskExpiredError);
    expect(server.received).toHaveLength(0);
  });

  it('sends no retry when the store write of onRetry outlasted the deadline', async () => {
    const server = await serve(() => ({
      status: 503,
      body: { errorId: 1, errorCode: 'ERROR_SERVICE_UNAVALIABLE' },
    }));
    const notAfter = Date.now() + 150;
    const slowWrite = () => new Promise<void>((resolve) => setTimeout(resolve, 300));
    const error = await failure(api(server.url).getTaskResult('t1', { notAfter, onRetry: slowWrite }));
    expect(error.code).toBe('ERROR_SERVICE_UNAVALIABLE');
    expect(server.received).toHaveLength(1);
    expect(server.received.every((request) => request.at <= notAfter)).toBe(true);
  });
});
