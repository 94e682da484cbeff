import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, scaleLimits } from '@capkit/core';
import { fixed, startEmulator, type Emulator } from '@capkit/emulator';
import { createProxyHandler } from '@capkit/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type BrowserClientOptions } from '../createClient.js';
import { KEY_EXPOSED_WARNING } from '../warnKeyExposed.js';

const TIME_SCALE = 0.02;
const KEY = 'CAP-EMULATOR-KEY';
const TASK = {
  type: 'AntiTurnstileTaskProxyLess',
  websiteURL: 'https://example.com/',
  websiteKey: '0x4AAAAAAAExampleKey',
} as const;

let emulator: Emulator;
let backend: Server;
let proxyUrl: string;
let warnings: unknown[][];
const originalWarn = console.warn;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, timeScale: TIME_SCALE, solveTime: fixed(10_000) });
  // Node's fetch keeps no cookies, so the proxy's session cookie would be new at every request: the
  // backend names the session itself, as an app with its own users does.
  backend = createServer(
    createProxyHandler({
      apiKey: KEY,
      baseUrl: emulator.url,
      allow: ['createTask', 'getTaskResult', 'getBalance'],
      authorize: () => ({ session: 'test-user' }),
    }),
  );
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/api/capsolver`;
});
afterAll(async () => {
  backend.closeAllConnections();
  await new Promise((resolve) => backend.close(resolve));
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
  // Each test is a fresh "page": forget that the warning was shown (the flag lives on the global object).
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('@capkit/browser.keyWarned')];
  warnings = [];
  console.warn = (...args: unknown[]) => void warnings.push(args);
});
afterEach(() => {
  console.warn = originalWarn;
});

/** Node's fetch, recording what each request carried. */
function recordingFetch(bodies: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    bodies.push(`${request.url} ${JSON.stringify([...request.headers])} ${await request.clone().text()}`);
    return fetch(request);
  };
}

describe('createClient({ proxyUrl })', () => {
  it('solves through a backend running createProxyHandler, sending no key', async () => {
    const sent: string[] = [];
    const client = createClient({ proxyUrl, limits: scaleLimits(TIME_SCALE), fetch: recordingFetch(sent) });
    const result = await client.solve(TASK);

    expect(result.solution).toMatchObject({ token: expect.any(String) });
    expect(emulator.stats().tasksCreated).toBe(1);
    expect(sent.length).toBe(1 + result.queries);
    expect(
      sent.every(
        (request) => request.startsWith(`${proxyUrl}/`) && !request.includes('clientKey') && !request.includes(KEY),
      ),
    ).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('stays in proxy mode whatever stray core options say', async () => {
    const sneaky = {
      proxyUrl,
      baseUrl: 'https://elsewhere.example',
      proxied: false,
    } as unknown as BrowserClientOptions;
    const balance = await createClient({ ...sneaky, limits: scaleLimits(TIME_SCALE) }).getBalance();
    expect(balance.balance).toBeGreaterThan(0);
    expect(emulator.stats().requestsByMethod.getBalance).toBe(1);
  });
});

describe('createClient({ apiKey })', () => {
  it('works, and warns once per page (global object) that the key is exposed, never quoting it', async () => {
    const clients = [1, 2, 3].map(() =>
      createClient({ apiKey: KEY, baseUrl: emulator.url, limits: scaleLimits(TIME_SCALE) }),
    );
    expect((await clients[2]!.getBalance()).balance).toBeGreaterThan(0);
    expect(warnings).toEqual([[KEY_EXPOSED_WARNING]]);
    expect(KEY_EXPOSED_WARNING).not.toContain(KEY);
  });

  it('does not warn when core refuses the options (no client, nothing exposed)', () => {
    expect(() => createClient({ apiKey: KEY, baseUrl: 'http://api.example.com' })).toThrow(ConfigurationError);
    expect(warnings).toEqual([]);
  });

  it('refuses callback mode: a page cannot receive callbacks, and its bundle leaves the wiring out', async () => {
    const receiver = {
      listen: () => ({ url: 'https://example.com/cb/x', token: 'x', close: () => undefined }),
    };
    const withReceiver = { apiKey: KEY, baseUrl: emulator.url, callbackReceiver: receiver } as BrowserClientOptions;
    expect(() => createClient(withReceiver)).toThrow(/callbackReceiver needs a runtime that receives callbacks/);
    const client = createClient({ apiKey: KEY, baseUrl: emulator.url, limits: scaleLimits(TIME_SCALE) });
    expect(() => client.start(TASK, { callbackReceiver: receiver })).toThrow(ConfigurationError);
    // `false` (no callbacks for this task) is what a browser always has: accepted.
    await expect(client.solve(TASK, { callbackReceiver: false })).resolves.toHaveProperty('solution');
  });
});

describe('createClient options', () => {
  it('needs exactly one of proxyUrl and apiKey', () => {
    const both = { proxyUrl, apiKey: KEY } as unknown as BrowserClientOptions;
    expect(() => createClient(both)).toThrow(/proxyUrl or apiKey, not both/);
    expect(() => createClient({} as BrowserClientOptions)).toThrow(/needs proxyUrl/);
    expect(() => createClient({ apiKey: '  ' })).toThrow(ConfigurationError);
    expect(() => createClient(undefined as unknown as BrowserClientOptions)).toThrow(ConfigurationError);
    expect(warnings).toEqual([]);
  });
});
