import { randomBytes } from 'node:crypto';
import { scaleLimits, type Limits, type SolveResult, type TaskProgress, type SerializedTask } from '@capkit/core';
import { fixed, startEmulator, type Emulator } from '@capkit/emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './support/launchChromium.js';
import { recordTraffic, type RecordedRequest } from './support/recordTraffic.js';
import { PROXY_PATH, startTestServer, type TestServer } from './support/startTestServer.js';
import type * as capkitModule from '../index.js';

declare global {
  interface Window {
    /** The bundled package, set by the test page. */
    capkit: typeof capkitModule;
    /** A resumed task's result, kept across page.evaluate calls. */
    resumedResult?: Promise<SolveResult>;
  }
}

// Service durations run 10x faster: a task solves in 1.5 s of real time.
const TIME_SCALE = 0.1;
const LIMITS: Limits = scaleLimits(TIME_SCALE);
// A fresh key per run, so finding it anywhere in the page's traffic cannot be a coincidence.
const BACKEND_KEY = `CAP-BACKEND-${randomBytes(12).toString('hex')}`;
// The key test 3 puts in the page on purpose (key mode); the emulator accepts both.
const PAGE_KEY = `CAP-PAGE-${randomBytes(12).toString('hex')}`;
const TASK = {
  type: 'AntiTurnstileTaskProxyLess',
  websiteURL: 'https://example.com/login',
  websiteKey: '0x4AAAAAAAExampleKey',
} as const;

let emulator: Emulator;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let traffic: ReturnType<typeof recordTraffic>;

beforeAll(async () => {
  browser = await launchChromium();
  emulator = await startEmulator({
    seed: 6,
    timeScale: TIME_SCALE,
    solveTime: fixed(15_000),
    apiKeys: [BACKEND_KEY, PAGE_KEY],
  });
  server = await startTestServer({ upstream: emulator.url, apiKey: BACKEND_KEY });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  context = await browser.newContext();
  page = await context.newPage();
  traffic = recordTraffic(page);
  await openPage();
});

afterEach(async () => {
  // Whatever a test did, the backend's key never reached the page: not in a URL, a header, a body
  // sent, an answer received, or web storage.
  const requests = await traffic.entries();
  expect(requests.filter((request) => mentions(request, BACKEND_KEY)).map((request) => request.url)).toEqual([]);
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  expect(storage).not.toContain(BACKEND_KEY);
  await context.close();
});

async function openPage(): Promise<void> {
  await page.goto(server.url);
  await page.waitForFunction(() => window.capkit !== undefined);
}

function mentions(request: RecordedRequest, secret: string): boolean {
  return [request.url, request.postData, request.responseBody, ...Object.values(request.headers)].some((text) =>
    text.includes(secret),
  );
}

const apiCalls = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'POST');

describe('@capkit/browser in Chromium', () => {
  it('solves a task through the Node proxy handler, and no request of the page carries the key', async () => {
    const result = await page.evaluate(
      ({ proxyUrl, limits, task }) => window.capkit.createClient({ proxyUrl, limits }).solve(task),
      { proxyUrl: PROXY_PATH, limits: LIMITS, task: TASK },
    );

    expect(result.solution).toMatchObject({ token: expect.any(String) });
    const stats = emulator.stats();
    // The emulator accepts only its configured keys, so a created task proves the proxy added the backend key.
    expect(stats.tasksCreated).toBe(1);
    expect(stats.errorsByCode).toEqual({});
    // The page knows its task only by an opaque handle bound to its session, never by the service's id.
    const [serviceTaskId] = Object.keys(stats.queriesByTask);
    expect(result.taskId).not.toBe(serviceTaskId);
    expect(stats.queriesByTask[serviceTaskId!]).toBe(result.queries);

    const calls = apiCalls(await traffic.entries());
    expect(calls.map((call) => new URL(call.url).pathname)).toEqual([
      // The first createTask starts the page's proxy session (428, nothing sent upstream); it is sent again with the cookie.
      `${PROXY_PATH}/createTask`,
      `${PROXY_PATH}/createTask`,
      ...Array.from({ length: result.queries }, () => `${PROXY_PATH}/getTaskResult`),
    ]);
    for (const call of calls) {
      expect(new URL(call.url).origin).toBe(new URL(server.url).origin);
      expect(JSON.parse(call.postData)).not.toHaveProperty('clientKey');
    }
  });

  it('resumes a task from web storage after a reload in the middle of polling, and finishes it', async () => {
    // Long enough that the task cannot finish by itself before the reload; released below.
    emulator.control.forceNext({ solveTimeMs: 200_000 });
    // One query a second: the reload below starts right after an answer, so no query is cut off.
    const limits = { ...LIMITS, pollIntervalMs: 1000 };
    const reloaded = page.waitForEvent('load');
    await page.evaluate(
      ({ proxyUrl, limits, task }) => {
        const { createClient, webStorageStore } = window.capkit;
        const handle = createClient({ proxyUrl, limits, store: webStorageStore() }).start(task);
        // Reload as a user would, while the task waits for its third query; the store write of this step goes first.
        handle.subscribe((progress: TaskProgress) => {
          if (progress.step === 'waiting' && progress.queries === 2) setTimeout(() => location.reload(), 0);
        });
      },
      { proxyUrl: PROXY_PATH, limits, task: TASK },
    );
    await reloaded;
    await page.waitForFunction(() => window.capkit !== undefined);

    const resumed = await page.evaluate(
      async ({ proxyUrl, limits }) => {
        const { createClient, webStorageStore } = window.capkit;
        const store = webStorageStore();
        const stored = await store.list();
        const handles = await createClient({ proxyUrl, limits, store }).resumePending();
        window.resumedResult = handles[0]?.result;
        return { stored, count: handles.length, taskId: handles[0]?.taskId, progress: handles[0]?.getSnapshot() };
      },
      { proxyUrl: PROXY_PATH, limits },
    );

    const [record] = resumed.stored as SerializedTask[];
    expect(resumed.stored).toHaveLength(1);
    expect(record).toMatchObject({
      version: 2,
      state: expect.stringMatching(/^(idle|processing)$/),
      queries: 2,
      taskId: expect.any(String),
    });
    expect(resumed.count).toBe(1);
    expect(resumed.taskId).toBe(record!.taskId);
    // The resumed task starts from the stored count, not from zero.
    expect(resumed.progress).toMatchObject({ queries: 2, done: false });

    // The stored id is the proxy's handle; the emulator knows the task by its own id.
    const [serviceTaskId] = emulator.stats().tasks.map((summary) => summary.taskId);
    emulator.control.force(serviceTaskId!, { solveTimeMs: 0 });
    const result = await page.evaluate(() => window.resumedResult!);
    expect(result.taskId).toBe(record!.taskId);
    expect(result.solution).toMatchObject({ token: expect.any(String) });
    expect(result.queries).toBeGreaterThan(2);

    const stats = emulator.stats();
    expect(stats.createTaskCalls).toBe(1);
    expect(stats.tasksCreated).toBe(1);
    // Every query of both page lives, counted once by the client and once by the service.
    expect(stats.queriesByTask[serviceTaskId!]).toBe(result.queries);
    // Finished: the record is gone, so the next reload resumes nothing.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('warns exactly once per page that createClient({ apiKey }) exposes the key, and still works', async () => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });

    const solved = await page.evaluate(
      async ({ apiKey, baseUrl, limits, task }) => {
        const { createClient } = window.capkit;
        const clients = [1, 2, 3].map(() => createClient({ apiKey, baseUrl, limits }));
        return clients[0]!.solve(task);
      },
      { apiKey: PAGE_KEY, baseUrl: emulator.url, limits: LIMITS, task: TASK },
    );
    expect(solved.solution).toMatchObject({ token: expect.any(String) });
    // Straight to the emulator, with the page's own key: key mode needs no backend.
    const calls = apiCalls(await traffic.entries());
    expect(calls.length).toBeGreaterThan(1);
    expect(
      calls.every((call) => call.url.startsWith(emulator.url) && JSON.parse(call.postData).clientKey === PAGE_KEY),
    ).toBe(true);

    const expected = await page.evaluate(() => window.capkit.KEY_EXPOSED_WARNING);
    expect(warnings).toEqual([expected]);
    expect(expected).not.toContain(PAGE_KEY);

    // A new page is a new audience: it is warned again, once.
    await openPage();
    await page.evaluate(({ apiKey, baseUrl }) => void window.capkit.createClient({ apiKey, baseUrl }), {
      apiKey: PAGE_KEY,
      baseUrl: emulator.url,
    });
    expect(warnings).toEqual([expected, expected]);
  });
});
