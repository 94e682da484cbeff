import { connect } from 'node:net';
import { METHODS } from '@capkit/api';
import { createClient } from '@capkit/browser';
import { scaleLimits, TaskMayExistError, type CapSolverClient } from '@capkit/core';
import { DEFAULT_API_KEY, fixed, startEmulator, type Emulator } from '@capkit/emulator';
import { createProxyHandler, type ProxyHandlerOptions } from '@capkit/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserFetch, type BrowserFetch } from '../trust/createBrowserFetch.js';
import { listen, startProxy, type RunningServer } from '../trust/startProxy.js';
import { createTrustFigures } from '../trust/trustFigures.js';

// Issue 16: a proxy that a hostile browser (a cross-site form, a session thief, a flood, a slow
// loris) cannot turn against its owner, and through which an honest page never pays twice.
const KEY = DEFAULT_API_KEY;
const TIME_SCALE = 0.01;
const figures = createTrustFigures('hostileBrowser');
const task = (n: number | string) =>
  ({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: `https://page.test/${n}`, websiteKey: 'site-key' }) as const;

let emulator: Emulator;
const running: RunningServer[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: TIME_SCALE, seed: 16, solveTime: fixed(2_000) });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  emulator.reset();
});
afterAll(async () => {
  await emulator.close();
  console.log(figures.table());
  await figures.write();
});

async function proxy(options: Partial<ProxyHandlerOptions> = {}): Promise<string> {
  const server = await startProxy({ apiKey: KEY, baseUrl: emulator.url, ...options });
  running.push(server);
  return server.url;
}

/** The page's origin for a proxy URL: same-origin, as a page served by the backend would be. */
const originOf = (proxyUrl: string) => new URL(proxyUrl).origin;

function pageClient(proxyUrl: string, browserFetch: BrowserFetch): CapSolverClient {
  return createClient({
    proxyUrl,
    fetch: browserFetch,
    limits: { ...scaleLimits(TIME_SCALE), lifetimeSafetyMarginMs: 50 },
    backoff: { baseDelayMs: 5, maxDelayMs: 20 },
  });
}

const keyLeaks = (browserFetch: BrowserFetch) => browserFetch.bodies.filter((body) => body.includes(KEY)).length;

/** Adds the scenario's figures from the emulator's stats and what the page saw. */
function record(scenario: string, browserFetch: BrowserFetch, outcomes: { lost?: number; solves?: number } = {}) {
  const stats = emulator.stats();
  figures.add({
    scenario,
    tasks: stats.tasksCreated,
    lost: outcomes.lost ?? 0,
    doublePaid: Math.max(0, stats.tasksCreated - (outcomes.solves ?? 1)),
    keyLeaks: keyLeaks(browserFetch),
    queriesOverBudget: stats.queriesOverBudget,
    queriesAfterLifetime: stats.queriesAfterExpiry,
  });
}

/**
 * Gives a page its session cookie, as its first request would (the proxy refuses to create a task for
 * a session the page does not hold yet: `CAPKIT_PROXY_SESSION_STARTED`).
 */
async function startSession(browserFetch: BrowserFetch, url: string): Promise<BrowserFetch> {
  const answer = await post(browserFetch, `${url}/createTask`, { task: task('session') });
  expect(answer.status).toBe(428);
  expect(await answer.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_SESSION_STARTED' });
  return browserFetch;
}

const post = (browserFetch: BrowserFetch, url: string, body: unknown, headers: Record<string, string> = {}) =>
  browserFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('hostile browser: an honest page never pays twice through the proxy', () => {
  it.each([
    ['a reset after the service created the task', { kind: 'resetAfter' as const }, {}],
    ['a gateway 502 after the service created the task', { kind: 'http502' as const }, {}],
    ["the proxy's own upstream timeout", { kind: 'latency' as const, delayMs: 100_000 }, { timeoutMs: 200 }],
  ])('%s: 504 CAPKIT_PROXY_TASK_MAY_EXIST, TaskMayExistError, one createTask', async (scenario, fault, options) => {
    const url = await proxy(options);
    const page = createBrowserFetch(originOf(url));
    emulator.control.scriptFaults([{ method: 'createTask', ...fault }]);
    const error = await pageClient(url, page)
      .solve(task(scenario))
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TaskMayExistError);
    // The first answer starts the session; the re-sent createTask is the one that may have created the task.
    expect(page.bodies.map((body) => (JSON.parse(body) as { errorCode?: string }).errorCode)).toEqual([
      'CAPKIT_PROXY_SESSION_STARTED',
      'CAPKIT_PROXY_TASK_MAY_EXIST',
    ]);
    // Sent once, and created once: a slow service creates it after the proxy gave up (wait for that,
    // so that the late task is counted here, not in the next scenario).
    for (let waited = 0; emulator.stats().tasksCreated === 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(emulator.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 1 });
    record(`may exist: ${scenario}`, page, { lost: error instanceof TaskMayExistError ? 0 : 1 });
  });

  it('solves through the proxy; the page only ever sees an opaque handle, never the task id', async () => {
    const url = await proxy();
    const page = createBrowserFetch(originOf(url));
    const result = await pageClient(url, page).solve(task('solve'));
    const [taskId] = Object.keys(emulator.stats().queriesByTask);
    expect(result.solution).toHaveProperty('gRecaptchaResponse');
    // One task, though the first createTask only started the session.
    expect(emulator.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 1 });
    expect(taskId).toBeDefined();
    expect(result.taskId).not.toBe(taskId);
    expect(page.bodies.some((body) => body.includes(taskId ?? '-'))).toBe(false);
    record('solve through the proxy', page);
  });
});

describe('hostile browser: sessions', () => {
  it("refuses another session's handle, and a raw task id, without asking the service", async () => {
    const url = await proxy();
    const alice = await startSession(createBrowserFetch(originOf(url)), url);
    const mallory = await startSession(createBrowserFetch(originOf(url)), url);
    const created = (await (await post(alice, `${url}/createTask`, { task: task('alice') })).json()) as {
      taskId: string;
    };
    const [rawTaskId] = Object.keys(emulator.stats().queriesByTask).concat(emulator.stats().tasks.map((t) => t.taskId));
    const before = emulator.stats().requestsByMethod.getTaskResult;
    for (const taskId of [created.taskId, rawTaskId, `${created.taskId.slice(0, -2)}AA`]) {
      const stolen = await post(mallory, `${url}/getTaskResult`, { taskId });
      expect(stolen.status).toBe(404);
      expect(await stolen.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_TASK_NOT_FOUND' });
    }
    expect(emulator.stats().requestsByMethod.getTaskResult).toBe(before);
    // Its owner still reads it.
    const own = await post(alice, `${url}/getTaskResult`, { taskId: created.taskId });
    expect(own.status).toBe(200);
    record('session binding', mallory);
  });

  it('binds handles to the session authorize() names, and refuses what it refuses', async () => {
    const url = await proxy({
      authorize: ({ header }) => {
        const user = header('x-user');
        return user ? { session: user } : false;
      },
    });
    const page = createBrowserFetch(originOf(url));
    const refused = await post(page, `${url}/createTask`, { task: task('anonymous') });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_UNAUTHORIZED' });
    const created = (await (
      await post(page, `${url}/createTask`, { task: task('ann') }, { 'x-user': 'ann' })
    ).json()) as {
      taskId: string;
    };
    // The same user from another browser (no cookie) may read it; another user may not.
    const elsewhere = createBrowserFetch(originOf(url));
    expect(
      (await post(elsewhere, `${url}/getTaskResult`, { taskId: created.taskId }, { 'x-user': 'ann' })).status,
    ).toBe(200);
    expect(
      (await post(elsewhere, `${url}/getTaskResult`, { taskId: created.taskId }, { 'x-user': 'bob' })).status,
    ).toBe(404);
    expect(emulator.stats().createTaskCalls).toBe(1);
    record('authorize hook', page);
  });
});

describe('hostile browser: cross-site requests', () => {
  it('refuses a cross-site form post, a same-origin form post, and a form body an app parser already read', async () => {
    const url = await proxy();
    const evil = createBrowserFetch('https://evil.example');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const crossSite = await evil(`${url}/createTask`, {
      method: 'POST',
      headers: form,
      body: 'task[type]=ImageToTextTask',
    });
    expect(crossSite.status).toBe(403);
    // JSON from another site is refused too: the Origin check is on by default.
    expect((await post(evil, `${url}/createTask`, { task: task('evil') })).status).toBe(403);
    const page = createBrowserFetch(originOf(url));
    const sameOrigin = await page(`${url}/createTask`, { method: 'POST', headers: form, body: 'task=1' });
    expect(sameOrigin.status).toBe(415);

    // An app that ran express.urlencoded() before the proxy: req.body is set, the content type is a form's.
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: emulator.url, origins: '*' });
    const app = await listen((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        Object.assign(req, { body: { task: Object.fromEntries(new URLSearchParams(raw)) } });
        void handler(req, res);
      });
    });
    running.push(app);
    const parsed = await evil(`${app.url}/api/capsolver/createTask`, {
      method: 'POST',
      headers: form,
      body: 'type=ImageToTextTask&body=AAAA',
    });
    expect(parsed.status).toBe(415);
    expect(emulator.stats().createTaskCalls).toBe(0);
    record('cross-site form posts', evil, { solves: 0 });
  });
});

describe('hostile browser: what a page may ask for', () => {
  it('serves createTask and getTaskResult only, allowed task types and fields only, never callbackUrl or appId', async () => {
    const url = await proxy({ taskTypes: ['ReCaptchaV2TaskProxyLess'], appId: 'SERVER-APP-ID' });
    const page = await startSession(createBrowserFetch(originOf(url)), url);
    for (const method of METHODS.filter((name) => name !== 'createTask' && name !== 'getTaskResult')) {
      const refused = await post(page, `${url}/${method}`, {});
      expect(refused.status).toBe(404);
    }
    const refusals = [
      [
        { task: task('cb'), callbackUrl: 'https://evil.example/steal' },
        'CAPKIT_PROXY_FIELD_NOT_ALLOWED',
        '"callbackUrl"',
      ],
      [{ task: task('app'), appId: 'EVIL-APP' }, 'CAPKIT_PROXY_FIELD_NOT_ALLOWED', '"appId"'],
      [{ task: { ...task('field'), exfiltrate: 'x' } }, 'CAPKIT_PROXY_FIELD_NOT_ALLOWED', '"task.exfiltrate"'],
      [{ task: { type: 'ImageToTextTask', body: 'AAAA' } }, 'CAPKIT_PROXY_TASK_TYPE_NOT_ALLOWED', 'ImageToTextTask'],
    ] as const;
    for (const [body, code, named] of refusals) {
      const response = await post(page, `${url}/createTask`, body);
      expect(response.status).toBe(400);
      const envelope = (await response.json()) as { errorCode: string; errorDescription: string };
      expect(envelope.errorCode).toBe(code);
      expect(envelope.errorDescription).toContain(named);
    }
    expect(emulator.stats().requestsByMethod).toMatchObject({ createTask: 0, getBalance: 0, getToken: 0 });
    record('method, type and field allow-lists', page, { solves: 0 });
  });

  it('limits task creation per session and in total, with a clear 429', async () => {
    const url = await proxy();
    const page = createBrowserFetch(originOf(url));
    // One request first, so that the page holds its session cookie, then one task.
    await startSession(page, url);
    await post(page, `${url}/createTask`, { task: task('first') });
    const flood = await Promise.all(
      Array.from({ length: 150 }, (_, n) => post(page, `${url}/createTask`, { task: task(`flood-${n}`) })),
    );
    const limited = flood.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(140);
    expect(limited[0]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.parse(page.bodies.at(-1) ?? '{}')).toBeDefined();
    // At most 10 tasks in flight for one session.
    expect(emulator.stats().createTaskCalls).toBeLessThanOrEqual(10);

    // Many sessions (a fresh cookie each): the global cap (100 in flight) holds.
    const pages = await Promise.all(
      Array.from({ length: 150 }, () => startSession(createBrowserFetch(originOf(url)), url)),
    );
    const sessions = await Promise.all(
      pages.map((other, n) => post(other, `${url}/createTask`, { task: task(`s-${n}`) })),
    );
    expect(sessions.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(50);
    expect(emulator.stats().createTaskCalls).toBeLessThanOrEqual(100);
    const body = JSON.parse((await limited[0]?.text()) ?? '{}') as { errorCode?: string };
    expect(body.errorCode ?? 'CAPKIT_PROXY_RATE_LIMITED').toBe('CAPKIT_PROXY_RATE_LIMITED');
    figures.add({
      scenario: 'task floods (one session, then many)',
      tasks: emulator.stats().tasksCreated,
      lost: 0,
      doublePaid: 0,
      keyLeaks: keyLeaks(page),
      queriesOverBudget: 0,
      queriesAfterLifetime: 0,
    });
  });

  it('closes a slow-loris body at its deadline with 408', async () => {
    const url = await proxy({ bodyTimeoutMs: 300 });
    const { hostname, port, pathname } = new URL(`${url}/createTask`);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncookie: capkit_session=${'s'.repeat(32)}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{`,
        );
        const drip = setInterval(() => socket.write(' '), 50);
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => {
          clearInterval(drip);
          resolve(text);
        });
        socket.on('error', (error) => {
          clearInterval(drip);
          reject(error);
        });
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('CAPKIT_PROXY_BODY_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(emulator.stats().createTaskCalls).toBe(0);
  });
});
