import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METHODS } from '@capkit/api';
import { REDACTED } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProxyHandler, type ProxyHandlerOptions } from '../createProxyHandler.js';

const KEY = 'CAP-EMULATOR-KEY';

let emulator: Awaited<ReturnType<typeof startEmulator>>;
const servers: Server[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 1 });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  emulator.reset();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Mounts a proxy in front of the emulator under /api/capsolver and returns that prefix. Every method
 * is allowed here (the defaults have their own suite, proxyDefaults.test.ts).
 */
async function mountProxy(options: Partial<ProxyHandlerOptions> = {}): Promise<string> {
  const handler = createProxyHandler({ apiKey: KEY, baseUrl: emulator.url, allow: METHODS, ...options });
  return `${await listen(handler)}/api/capsolver`;
}

/** A session cookie, as a browser holds after its first request (Node's fetch keeps none by itself). */
const SESSION = { cookie: `capkit_session=${'t'.repeat(32)}` };

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...SESSION, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('createProxyHandler (node:http)', () => {
  it('injects the key upstream, overwriting whatever the browser sent', async () => {
    const base = await mountProxy();
    const response = await post(`${base}/getBalance`, { clientKey: 'browser-guess' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    // The emulator only accepts its key, so a successful balance proves the key was injected.
    expect(body).toMatchObject({ errorId: 0 });
    expect(typeof body.balance).toBe('number');
    expect(emulator.stats().requestsByMethod.getBalance).toBe(1);
  });

  it('forwards a whole task lifecycle (createTask then getTaskResult)', async () => {
    const base = await mountProxy();
    const created = (await (
      await post(`${base}/createTask`, {
        task: {
          type: 'ImageToTextTask',
          body: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        },
      })
    ).json()) as Record<string, unknown>;
    expect(created).toMatchObject({ errorId: 0, status: 'ready' });
    expect(emulator.stats().createTaskCalls).toBe(1);
  });

  it('accepts only the allowed methods, and only POST', async () => {
    const base = await mountProxy({ allow: ['createTask', 'getTaskResult'] });
    const blocked = await post(`${base}/getBalance`, {});
    expect(blocked.status).toBe(404);
    expect(await blocked.json()).toMatchObject({ errorId: 1, errorCode: 'CAPKIT_PROXY_METHOD_NOT_ALLOWED' });
    expect((await post(`${base}/deleteAccount`, {})).status).toBe(404);
    const get = await fetch(`${base}/getTaskResult`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(emulator.stats().requestsByMethod.getBalance).toBe(0);
    expect(emulator.stats().requestsByMethod.getTaskResult).toBe(0);
  });

  it('refuses an unknown method name in allow at creation', () => {
    expect(() => createProxyHandler({ apiKey: KEY, allow: ['dropTables' as 'getBalance'] })).toThrow(/dropTables/);
    expect(() => createProxyHandler({ apiKey: '' })).toThrow(/apiKey/);
  });

  it('answers 413 for bodies over maxBodyBytes, declared or streamed', async () => {
    const base = await mountProxy({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ task: { type: 'ImageToTextTask', body: 'A'.repeat(4096) } });
    const declared = await post(`${base}/createTask`, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_BODY_TOO_LARGE' });
    // A streamed body has no content-length: the limit is enforced while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/createTask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...SESSION },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(emulator.stats().createTaskCalls).toBe(0);
  });

  it('answers 400 for malformed JSON and 415 for other content types', async () => {
    const base = await mountProxy();
    const malformed = await post(`${base}/createTask`, '{"task": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_INVALID_JSON' });
    expect((await post(`${base}/createTask`, '[1,2]')).status).toBe(400);
    const form = await fetch(`${base}/getBalance`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    expect(emulator.stats().requestsByMethod.getBalance).toBe(0);
  });

  it('never returns the key, even from an upstream that echoes it', async () => {
    const echo = await listen((req, res) => {
      collect(req).then((body) => {
        res.writeHead(400, { 'content-type': 'application/json', 'set-cookie': 'session=upstream' });
        res.end(
          JSON.stringify({
            errorId: 1,
            errorCode: 'ERROR_KEY_DENIED_ACCESS',
            errorDescription: `bad ${KEY}`,
            echo: JSON.parse(body),
          }),
        );
      });
    });
    const base = await mountProxy({ baseUrl: echo });
    const response = await post(`${base}/getBalance`, {});
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({
      errorId: 1,
      errorCode: 'ERROR_KEY_DENIED_ACCESS',
      errorDescription: `bad ${REDACTED}`,
      echo: {},
    });
    // No upstream header passes (the proxy's own session cookie may be set).
    expect(response.headers.get('set-cookie') ?? '').not.toContain('session=upstream');
  });

  it('adds CORS headers for configured origins and refuses the others', async () => {
    const base = await mountProxy({ origins: ['https://app.example'] });
    const preflight = await fetch(`${base}/createTask`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = await post(`${base}/getBalance`, {}, { origin: 'https://app.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const refused = await post(`${base}/getBalance`, {}, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(emulator.stats().requestsByMethod.getBalance).toBe(1);
  });

  it('uses a body already parsed by a body parser (Express style)', async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: emulator.url, allow: METHODS });
    const base = await listen((req, res) => {
      collect(req).then((text) => {
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(text);
        void handler(req, res);
      });
    });
    const response = await post(`${base}/getBalance`, {});
    expect(await response.json()).toMatchObject({ errorId: 0 });
  });

  it('answers 502 without details when the upstream is unreachable', async () => {
    const closed = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const base = await mountProxy({ baseUrl: closed });
    const response = await post(`${base}/getBalance`, {});
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ errorId: 1, errorCode: 'CAPKIT_PROXY_UPSTREAM_UNREACHABLE' });
    expect(text).not.toContain(KEY);
  });
});

describe('createProxyHandler (fetch style)', () => {
  const request = (path: string, init: RequestInit = {}) => new Request(`http://backend.test/capsolver${path}`, init);

  it('forwards allowed methods with the key and blocks the rest', async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: emulator.url, allow: ['getBalance'] });
    const ok = await handler.fetch(
      request('/getBalance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ errorId: 0 });
    const blocked = await handler.fetch(
      request('/createTask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(blocked.status).toBe(404);
    expect(emulator.stats().createTaskCalls).toBe(0);
  });

  it('limits the body size and answers preflights', async () => {
    const handler = createProxyHandler({
      apiKey: KEY,
      baseUrl: emulator.url,
      maxBodyBytes: 16,
      origins: '*',
      allow: METHODS,
    });
    const large = await handler.fetch(
      request('/getBalance', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'p'.repeat(64) }),
      }),
    );
    expect(large.status).toBe(413);
    const preflight = await handler.fetch(
      request('/getBalance', { method: 'OPTIONS', headers: { origin: 'https://any.example' } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(emulator.stats().requestsByMethod.getBalance).toBe(0);
  });
});

function collect(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

describe('createProxyHandler sessions', () => {
  it('starts a session before it creates any task: 428 CAPKIT_PROXY_SESSION_STARTED, nothing sent', async () => {
    const base = await mountProxy();
    const first = await fetch(`${base}/createTask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: { type: 'ImageToTextTask', body: 'AAAA' } }),
    });
    expect(first.status).toBe(428);
    expect(await first.json()).toMatchObject({ errorCode: 'CAPKIT_PROXY_SESSION_STARTED' });
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^capkit_session=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Strict/);
    expect(emulator.stats().createTaskCalls).toBe(0);
    // With the cookie, the same request goes through.
    const again = await post(
      `${base}/createTask`,
      { task: { type: 'ImageToTextTask', body: 'AAAA' } },
      { cookie: cookie.split(';')[0] ?? '' },
    );
    expect(again.status).toBe(200);
    expect(emulator.stats().createTaskCalls).toBe(1);
  });
});
