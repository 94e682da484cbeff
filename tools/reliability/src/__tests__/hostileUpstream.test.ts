import type { IncomingMessage, ServerResponse } from 'node:http';
import { scaleLimits, TaskMayExistError, TransportError } from '@capkit/core';
import { fixed, startEmulator } from '@capkit/emulator';
import { createClient } from '@capkit/node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBrowserFetch } from '../trust/createBrowserFetch.js';
import { listen, startProxy, type RunningServer } from '../trust/startProxy.js';
import { createTrustFigures, type TrustRow } from '../trust/trustFigures.js';

// Issue 16: an upstream (or something posing as it) that redirects, lies about what it did, answers
// 200 MB or echoes the key in disguise can neither make capkit pay twice nor take the key anywhere.
const KEY = 'CAP-SECRET-0123456789abcdef-DO-NOT-LEAK';
const figures = createTrustFigures('hostileUpstream');
const task = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://page.test/', websiteKey: 'site-key' } as const;
const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  console.log(figures.table());
  await figures.write();
});

const row = (scenario: string, counts: Partial<Omit<TrustRow, 'scenario'>>): TrustRow => ({
  scenario,
  tasks: 0,
  lost: 0,
  doublePaid: 0,
  keyLeaks: 0,
  queriesOverBudget: 0,
  queriesAfterLifetime: 0,
  ...counts,
});

/** A server that records every request body it gets and answers with `reply`. */
async function recordingServer(reply: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const bodies: string[] = [];
  const server = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      reply(req, res, body);
    });
  });
  running.push(server);
  return { ...server, bodies };
}

const client = (baseUrl: string, options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ apiKey: KEY, baseUrl, env: {}, backoff: { baseDelayMs: 5, maxDelayMs: 20 }, ...options });

/** A page of the proxy's origin that already holds a session cookie (as after its first request). */
function pageOf(proxyUrl: string) {
  const page = createBrowserFetch(new URL(proxyUrl).origin);
  page.cookies.set('capkit_session', 'p'.repeat(32));
  return page;
}

/** The text of an error and its whole cause chain. */
function chainText(error: unknown): string {
  const parts: string[] = [];
  for (let link = error; link instanceof Error; link = link.cause) parts.push(String(link), link.stack ?? '');
  return `${parts.join('\n')}\n${JSON.stringify(error)}`;
}

describe('hostile upstream: redirects never carry the key elsewhere', () => {
  it.each([307, 308])('a %i to another origin: the client and the proxy never follow it', async (status) => {
    const elsewhere = await recordingServer((_req, res) => res.end('{"errorId":0,"taskId":"x","status":"idle"}'));
    const redirecting = await recordingServer((req, res) => {
      res.writeHead(status, { location: `${elsewhere.url}${req.url}` }).end();
    });
    const direct = await client(redirecting.url)
      .solve(task)
      .catch((reason: unknown) => reason);
    expect(direct).toBeInstanceOf(TaskMayExistError);
    const balance = await client(redirecting.url)
      .getBalance()
      .catch((reason: unknown) => reason);
    expect(balance).toBeInstanceOf(TransportError);

    const proxy = await startProxy({ apiKey: KEY, baseUrl: redirecting.url });
    running.push(proxy);
    const page = pageOf(proxy.url);
    const answer = await page(`${proxy.url}/createTask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task }),
    });
    expect(answer.status).toBe(504);
    expect(await answer.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_TASK_MAY_EXIST' });
    expect(elsewhere.bodies).toEqual([]);
    figures.add(
      row(`redirect ${status} (client and proxy)`, {
        keyLeaks: elsewhere.bodies.length + page.bodies.filter((body) => body.includes(KEY)).length,
      }),
    );
  });
});

describe('hostile upstream: a gateway error is no proof that nothing was created', () => {
  it.each(['http502', 'resetAfter'] as const)(
    '%s after the service created the task: TaskMayExistError, one task',
    async (kind) => {
      const emulator = await startEmulator({ apiKeys: [KEY], timeScale: 0.01, solveTime: fixed(1_000) });
      try {
        emulator.control.scriptFaults([{ method: 'createTask', kind }]);
        const error = await client(emulator.url, { limits: scaleLimits(0.01) })
          .solve(task)
          .catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(TaskMayExistError);
        const stats = emulator.stats();
        expect(stats).toMatchObject({ createTaskCalls: 1, tasksCreated: 1 });
        figures.add(
          row(`${kind} on createTask (direct)`, {
            tasks: stats.tasksCreated,
            lost: error instanceof TaskMayExistError ? 0 : 1,
            doublePaid: stats.tasksCreated - 1,
            keyLeaks: chainText(error).includes(KEY) ? 1 : 0,
            queriesOverBudget: stats.queriesOverBudget,
            queriesAfterLifetime: stats.queriesAfterExpiry,
          }),
        );
      } finally {
        await emulator.close();
      }
    },
  );
});

describe('hostile upstream: answers that try to smuggle the key out', () => {
  it('a JSON-escaped key in an answer never reaches the page in clear', async () => {
    const escaped = `\\u0043${KEY.slice(1)}`;
    const upstream = await recordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"errorId":0,"taskId":"t-1","status":"idle","note":"${escaped}","nested":{"k":"${escaped}"}}`);
    });
    const proxy = await startProxy({ apiKey: KEY, baseUrl: upstream.url });
    running.push(proxy);
    const page = pageOf(proxy.url);
    const answer = await page(`${proxy.url}/createTask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task }),
    });
    expect(answer.status).toBe(200);
    const seen = page.bodies.join('\n');
    const decoded = JSON.stringify(JSON.parse(page.bodies[0] ?? '{}'));
    expect(seen).not.toContain(KEY);
    expect(decoded).not.toContain(KEY);
    figures.add(row('JSON-escaped key in an answer (proxy)', { keyLeaks: decoded.includes(KEY) ? 1 : 0 }));
  });

  it('a non-JSON answer that starts with the key leaves no piece of it in the error chain', async () => {
    const upstream = await recordingServer((_req, res) => res.end(`${KEY} <- your key, as plain text`));
    const error = await client(upstream.url, { maxRetries: 0 })
      .getBalance()
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TransportError);
    const text = chainText(error);
    expect(text).not.toContain(KEY.slice(0, 10));
    figures.add(row('non-JSON answer quoting the key (client)', { keyLeaks: text.includes(KEY.slice(0, 10)) ? 1 : 0 }));
  });
});

describe('hostile upstream: oversized answers', () => {
  it('neither the client nor the proxy buffers a 200 MB answer', async () => {
    let written = 0;
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errorId":0,"balance":1,"pad":"');
      const chunk = 'x'.repeat(64 * 1024);
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && written < 200 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      pump();
    });
    running.push(upstream);
    const direct = await client(upstream.url, { maxRetries: 0 })
      .getBalance()
      .catch((reason: unknown) => reason);
    expect(direct).toMatchObject({ code: 'INVALID_RESPONSE' });
    const directBytes = written;

    written = 0;
    const proxy = await startProxy({ apiKey: KEY, baseUrl: upstream.url, allow: ['getBalance'] });
    running.push(proxy);
    const page = pageOf(proxy.url);
    const answer = await page(`${proxy.url}/getBalance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(504);
    expect(await answer.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_ANSWER_LOST' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Sockets buffer some, but nowhere near the whole answer.
    expect(directBytes).toBeLessThan(32 * 1024 * 1024);
    expect(written).toBeLessThan(32 * 1024 * 1024);
    figures.add(row('200 MB answer (client and proxy)', {}));
  });
});

describe('hostile upstream: task ids beyond 2^53', () => {
  it('polls exactly the id the service issued, never a rounded neighbour', async () => {
    const polled: string[] = [];
    const upstream = await recordingServer((req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/createTask') return void res.end('{"errorId":0,"taskId":9007199254740993,"status":"idle"}');
      polled.push(String((JSON.parse(body) as { taskId?: unknown }).taskId));
      res.end('{"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"t"}}');
    });
    const result = await client(upstream.url, { limits: scaleLimits(0.01) }).solve(task);
    expect(result.taskId).toBe('9007199254740993');
    expect(polled).toEqual(['9007199254740993']);
    figures.add(row('numeric task id above 2^53', { tasks: 1, lost: polled[0] === '9007199254740993' ? 0 : 1 }));
  });

  it('through the proxy too: the sealed handle opens to the exact id', async () => {
    const polled: string[] = [];
    const upstream = await recordingServer((req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/createTask') return void res.end('{"errorId":0,"taskId":9007199254740993,"status":"idle"}');
      polled.push(String((JSON.parse(body) as { taskId?: unknown }).taskId));
      res.end('{"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"t"}}');
    });
    const proxy = await startProxy({ apiKey: KEY, baseUrl: upstream.url });
    running.push(proxy);
    const page = pageOf(proxy.url);
    const call = async (method: string, body: unknown) =>
      (await (
        await page(`${proxy.url}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { taskId?: string; status?: string };
    const created = await call('createTask', { task });
    expect(await call('getTaskResult', { taskId: created.taskId })).toMatchObject({ status: 'ready' });
    expect(polled).toEqual(['9007199254740993']);
    figures.add(
      row('numeric task id above 2^53 (proxy)', { tasks: 1, lost: polled[0] === '9007199254740993' ? 0 : 1 }),
    );
  });
});
