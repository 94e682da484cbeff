import { connect, createServer, type Server } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigurationError, scaleLimits } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../createClient.js';

const KEY = 'CAP-EMULATOR-KEY';
const TIME_SCALE = 0.01;

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, timeScale: TIME_SCALE });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
});

/**
 * A TCP relay in front of the emulator that counts the connections clients open: the server-side
 * view of keep-alive.
 */
async function startConnectionCounter(
  target: string,
): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('createClient (node)', () => {
  it('reads CAPSOLVER_API_KEY and CAPSOLVER_BASE_URL', async () => {
    const client = createClient({ env: { CAPSOLVER_API_KEY: KEY, CAPSOLVER_BASE_URL: emulator.url } });
    const { balance } = await client.getBalance();
    expect(balance).toBeGreaterThan(0);
    expect(emulator.stats().requestsByMethod.getBalance).toBe(1);
  });

  it('lets explicit options win over the environment', async () => {
    const client = createClient({
      apiKey: KEY,
      baseUrl: emulator.url,
      env: { CAPSOLVER_API_KEY: 'CAP-WRONG', CAPSOLVER_BASE_URL: 'https://unused.example' },
    });
    await expect(client.getBalance()).resolves.toMatchObject({ balance: expect.any(Number) });
  });

  it('reads only the variables of the options not given (Deno grants env access per variable)', async () => {
    const read: string[] = [];
    // Like Deno's process.env without --allow-env: every read throws.
    const denied = new Proxy<Record<string, string | undefined>>(
      {},
      {
        get: (_target, name) => {
          read.push(String(name));
          throw new Error(`Requires env access to "${String(name)}"`);
        },
      },
    );
    const client = createClient({ apiKey: KEY, baseUrl: emulator.url, env: denied });
    await expect(client.getBalance()).resolves.toMatchObject({ balance: expect.any(Number) });
    expect(read).toEqual([]);
    expect(() => createClient({ apiKey: KEY, env: denied })).toThrow(/CAPSOLVER_BASE_URL/);
    expect(read).toEqual(['CAPSOLVER_BASE_URL']);
  });

  it('throws a ConfigurationError naming CAPSOLVER_API_KEY when no key is set, before any request', () => {
    const attempt = () => createClient({ env: { CAPSOLVER_BASE_URL: emulator.url } });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/CAPSOLVER_API_KEY/);
    expect(emulator.stats().requestsByMethod.getBalance).toBe(0);
  });

  it('allows proxy mode without a key, reading nothing from the environment', () => {
    expect(() => createClient({ proxyUrl: emulator.url, env: {} })).not.toThrow();
    const env = { CAPSOLVER_API_KEY: 'CAP-FROM-ENV', CAPSOLVER_BASE_URL: 'https://api.capsolver.com' };
    expect(() => createClient({ proxyUrl: emulator.url, env })).not.toThrow();
  });

  it('refuses a plain-HTTP base URL unless it is loopback', () => {
    const env = { CAPSOLVER_API_KEY: KEY };
    expect(() => createClient({ env: { ...env, CAPSOLVER_BASE_URL: 'http://api.example.com' } })).toThrow(
      ConfigurationError,
    );
    expect(() => createClient({ env: { ...env, CAPSOLVER_BASE_URL: 'http://10.0.0.8:8080' } })).toThrow(/plain HTTP/);
    expect(() => createClient({ env: { ...env, CAPSOLVER_BASE_URL: 'http://127.0.0.1:9' } })).not.toThrow();
    expect(() =>
      createClient({ env: { ...env, CAPSOLVER_BASE_URL: 'https://api-stable.capsolver.com' } }),
    ).not.toThrow();
  });

  it('reuses one connection for createTask and every poll of a task', async () => {
    const counter = await startConnectionCounter(emulator.url);
    try {
      const client = createClient({ apiKey: KEY, baseUrl: counter.url, env: {}, limits: scaleLimits(TIME_SCALE) });
      emulator.control.forceNext({
        statuses: ['idle', 'processing', 'processing', 'processing', 'processing', 'ready'],
      });
      const result = await client.solve({
        type: 'ReCaptchaV2TaskProxyLess',
        websiteURL: 'https://example.com',
        websiteKey: 'site-key',
      });
      expect(result.queries).toBe(6);
      const stats = emulator.stats();
      expect(stats.createTaskCalls + stats.requestsByMethod.getTaskResult).toBe(7);
      expect(counter.connections()).toBe(1);
    } finally {
      await counter.close();
    }
  });

  it('sends every request through the configured undici dispatcher', async () => {
    const agent = new Agent();
    const methods: string[] = [];
    const counting = agent.compose((dispatch: Dispatcher['dispatch']) => (options, handler) => {
      methods.push(String(options.path));
      return dispatch(options, handler);
    });
    try {
      const client = createClient({ apiKey: KEY, baseUrl: emulator.url, env: {}, keepAlive: { dispatcher: counting } });
      await client.getBalance();
      expect(methods).toEqual(['/getBalance']);
    } finally {
      await agent.close();
    }
  });

  it('shares the connection pool between the concurrent tasks of a client', async () => {
    const counter = await startConnectionCounter(emulator.url);
    try {
      const client = createClient({ apiKey: KEY, baseUrl: counter.url, env: {}, limits: scaleLimits(TIME_SCALE) });
      const tasks = Array.from({ length: 4 }, () => {
        emulator.control.forceNext({ statuses: ['processing', 'processing', 'processing', 'ready'] });
        return client.solve({
          type: 'AntiTurnstileTaskProxyLess',
          websiteURL: 'https://example.com',
          websiteKey: '0x4AAA',
        });
      });
      const results = await Promise.all(tasks);
      const requests = 4 + results.reduce((sum, result) => sum + result.queries, 0);
      expect(requests).toBe(20);
      // Concurrent requests may open a few sockets, but far fewer than one per request.
      expect(counter.connections()).toBeLessThanOrEqual(4);
    } finally {
      await counter.close();
    }
  });
});

describe('re-exports of @capkit/core', () => {
  it('are the same objects, so instanceof and policies work with one import', async () => {
    const node = await import('../index.js');
    const core = await import('@capkit/core');
    for (const name of ['CapSolverError', 'TaskMayExistError', 'InsufficientBalanceError', 'scaleLimits', 'hazard']) {
      expect(node[name as keyof typeof node], name).toBe(core[name as keyof typeof core]);
    }
    expect(node.createClient).not.toBe(core.createClient);
  });
});
