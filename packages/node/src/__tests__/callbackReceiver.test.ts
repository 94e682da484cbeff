import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackFallback, createMemoryStore, scaleLimits, type SerializedTask } from '@capkit/core';
import { startEmulator, type CallbackOptions, type Emulator } from '@capkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallbackReceiver } from '../createCallbackReceiver.js';
import { createClient } from '../createClient.js';
import { startCallbackReceiver, type RunningCallbackReceiver } from '../startCallbackReceiver.js';

const KEY = 'CAP-EMULATOR-KEY';
const TIME_SCALE = 0.01;
const task = {
  type: 'ReCaptchaV2TaskProxyLess',
  websiteURL: 'https://www.google.com/recaptcha/api2/demo',
  websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
} as const;

let emulator: Emulator | undefined;
let receiver: RunningCallbackReceiver | undefined;
afterEach(async () => {
  await emulator?.close();
  await receiver?.close();
  emulator = undefined;
  receiver = undefined;
});

async function setup(callbacks: CallbackOptions = {}, receiverOptions: { trustCallbackPayload?: boolean } = {}) {
  emulator = await startEmulator({ seed: 7, timeScale: TIME_SCALE, callbacks });
  // The emulator compiles its validators on first use: warm it so that timings below are the steady ones.
  await fetch(`${emulator.url}/createTask`, { method: 'POST', body: JSON.stringify({ clientKey: KEY, task }) });
  emulator.reset();
  receiver = await startCallbackReceiver(receiverOptions);
  const client = createClient({
    apiKey: KEY,
    baseUrl: emulator.url,
    limits: scaleLimits(TIME_SCALE),
    callbackReceiver: receiver,
    // Callbacks known to arrive unless a test loses them: the first fallback poll comes past 300 ms.
    callbackPollPolicy: callbackFallback({ lossRate: 0.0001 }),
    env: {},
  });
  return { emulator, receiver, client };
}

const post = (url: string, body = '{}', method = 'POST') =>
  fetch(url, { method, body: method === 'GET' ? undefined : body, headers: { 'content-type': 'application/json' } });

describe('callback mode over real HTTP (emulator → receiver → client)', () => {
  it('delivered: createTask carries the callback URL, the callback wakes the task, one confirming query', async () => {
    const { emulator, receiver, client } = await setup();
    emulator.control.forceNext({ solveTimeMs: 10_000 }); // 100 ms real
    const result = await client.solve(task);
    // Woken by the callback (ready at ~100 ms), not by the sparse fallback (first poll past 300 ms).
    expect(result.queries).toBe(1);
    expect(result.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(emulator.stats().callbacks).toMatchObject({ sent: 1, delivered: 1 });
    expect(receiver.stats()).toMatchObject({ accepted: 1, trusted: 0 });
  });

  it('trustCallbackPayload: a payload valid against the getTaskResult schema is the result (no query)', async () => {
    const { emulator, client, receiver } = await setup({}, { trustCallbackPayload: true });
    emulator.control.forceNext({ solveTimeMs: 5000 });
    const result = await client.solve(task);
    expect(result.queries).toBe(0);
    expect(emulator.stats().tasks[0]?.queries).toBe(0);
    expect(result.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(receiver.stats().trusted).toBe(1);
  });

  it('trustCallbackPayload with another payload shape: confirmed with one query instead', async () => {
    const { emulator, client } = await setup({ payload: 'form' }, { trustCallbackPayload: true });
    emulator.control.forceNext({ solveTimeMs: 5000 });
    expect((await client.solve(task)).queries).toBe(1);
  });

  it('lost: the sparse fallback still finds the result within the lifetime and budget', async () => {
    const { emulator, client } = await setup({ lost: 1 });
    emulator.control.forceNext({ solveTimeMs: 5000 });
    const result = await client.solve(task);
    expect(result.queries).toBeGreaterThanOrEqual(1);
    expect(result.queries).toBeLessThan(10);
    const stats = emulator.stats();
    expect(stats.callbacks).toMatchObject({ lost: 1, sent: 0 });
    expect(stats.queriesAfterExpiry + stats.queriesOverBudget).toBe(0);
  });

  it('lost and never solved: ends with a typed error within the lifetime, no query after it', async () => {
    const { emulator, client } = await setup({ lost: 1 });
    emulator.control.forceNext({ solveTimeMs: 400_000 }); // longer than the lifetime
    await expect(client.solve(task)).rejects.toMatchObject({ code: 'TASK_EXPIRED' });
    const stats = emulator.stats();
    expect(stats.queriesAfterExpiry + stats.queriesOverBudget).toBe(0);
    expect(stats.tasks[0]?.queries).toBeLessThan(120);
  });

  it('duplicated and reordered: still one query; the extra callbacks come late and get 404', async () => {
    const { emulator, client, receiver } = await setup({ duplicated: 1, reordered: 1 });
    emulator.control.forceNext({ solveTimeMs: 5000 });
    const result = await client.solve(task);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(result.queries).toBe(1);
    expect(emulator.stats().callbacks).toMatchObject({ sent: 3, delivered: 1, rejected: 2 });
    expect(receiver.stats()).toMatchObject({ accepted: 1, unknown: 2 });
  });

  it('a failure pushed by callback: confirmed by the query, which reports the typed error', async () => {
    const { emulator, client } = await setup();
    emulator.control.forceNext({ outcome: 'unsolvable', solveTimeMs: 5000 });
    await expect(client.solve(task)).rejects.toMatchObject({ code: 'ERROR_CAPTCHA_UNSOLVABLE', queries: 1 });
  });

  it('forged, unknown, malformed and late callbacks are ignored alike (404), never waking the task', async () => {
    const { emulator, client, receiver } = await setup({ lost: 1 });
    emulator.control.forceNext({ solveTimeMs: 150_000 }); // 1.5 s real: the task waits meanwhile
    const handle = client.start(task);
    await new Promise<void>((resolve) => handle.subscribe((p) => p.step === 'waiting' && resolve()));
    const token = handle.serialize().callbackToken ?? '';
    const [id, secret] = token.split('.');
    const forgedSecret = `${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
    const answers = await Promise.all([
      post(`${receiver.publicUrl}/${id}.${forgedSecret}`),
      post(`${receiver.publicUrl}/${'x'.repeat(16)}.${secret}`),
      post(`${receiver.publicUrl}/not-a-token`),
      post(`${receiver.publicUrl}`),
      post(`${receiver.url.replace('/capkit-callback', '/elsewhere')}/${token}`),
    ]);
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);
    expect(new Set(bodies)).toEqual(new Set(['']));
    expect(handle.getSnapshot().queries).toBe(0);
    expect((await post(`${receiver.publicUrl}/${token}`, '', 'GET')).status).toBe(405);
    expect((await post(`${receiver.publicUrl}/${token}`, 'x'.repeat(70_000))).status).toBe(413);
    // The genuine URL wakes it at once.
    expect((await post(`${receiver.publicUrl}/${token}`)).status).toBe(200);
    await new Promise<void>((resolve) => handle.subscribe((p) => p.queries === 1 && resolve()));
    handle.cancel();
    await handle.result.catch(() => undefined);
    // Late: the task has ended, its URL is gone.
    expect((await post(`${receiver.publicUrl}/${token}`)).status).toBe(404);
    expect(emulator.stats().tasks[0]?.queries).toBe(1);
  });

  it('resume: the token is saved with the task, and the resumed task listens on the same URL', async () => {
    const { emulator, receiver } = await setup();
    const store = createMemoryStore();
    const options = {
      apiKey: KEY,
      baseUrl: emulator.url,
      limits: scaleLimits(TIME_SCALE),
      callbackReceiver: receiver,
      // Callbacks known to arrive: the fallback's first poll is far off, so the callback does the work.
      callbackPollPolicy: callbackFallback({ lossRate: 0.0001 }),
      store,
      env: {},
    };
    const first = createClient(options);
    emulator.control.forceNext({ solveTimeMs: 20_000 }); // 200 ms real
    const handle = first.start(task);
    await new Promise<void>((resolve) => handle.subscribe((p) => p.step === 'waiting' && resolve()));
    const [saved] = (await store.list()) as SerializedTask[];
    expect(saved?.callbackToken).toMatch(/^[\w-]{16}\.[\w-]{32}$/);
    // The first process goes away (its listener closes); the task stays stored.
    handle.cancel('crash');
    await handle.result.catch(() => undefined);

    const second = createClient(options);
    const [resumed] = await second.resumePending();
    const result = await resumed!.result;
    // One query: the callback woke the resumed task (its fallback poll is far off).
    expect(result.queries).toBe(1);
    expect(emulator.stats().callbacks.delivered).toBe(1);
  });

  it('per solve: callbackReceiver: false polls as usual (no callbackUrl sent)', async () => {
    const { emulator, client } = await setup();
    emulator.control.forceNext({ solveTimeMs: 2000 });
    await client.solve(task, { callbackReceiver: false });
    expect(emulator.stats().callbacks.sent + emulator.stats().callbacks.refused).toBe(0);
  });
});

describe('createCallbackReceiver on an existing server', () => {
  it('Express-style: next() outside its path, a body already parsed is used; fetch-style twin', async () => {
    const receiverOnly = createCallbackReceiver({ publicUrl: 'http://127.0.0.1:1/hooks/capsolver' });
    let woken = 0;
    const listener = receiverOnly.listen(() => (woken += 1));
    let passedOn = 0;
    const server = createServer((req, res) => {
      // A body parser ran before (Express's express.json()): req.body is an object.
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        Object.assign(req, { body: raw ? JSON.parse(raw) : undefined });
        receiverOnly.handler(req, res, () => {
          passedOn += 1;
          res.writeHead(204).end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const path = new URL(listener.url).pathname;
    expect((await post(`${base}${path}`, '{"status":"ready"}')).status).toBe(200);
    expect((await post(`${base}/other`)).status).toBe(204);
    expect([woken, passedOn]).toEqual([1, 1]);
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const answer = await receiverOnly.fetch(new Request(listener.url, { method: 'POST', body: '{}' }));
    expect(answer.status).toBe(200);
    listener.close();
    expect((await receiverOnly.fetch(new Request(listener.url, { method: 'POST', body: '{}' }))).status).toBe(404);
    expect(woken).toBe(2);
  });

  it('refuses a publicUrl that is no http(s) URL', () => {
    expect(() => createCallbackReceiver({ publicUrl: 'nope' })).toThrow(/publicUrl/);
    expect(() => createCallbackReceiver({ publicUrl: 'ftp://x.example/cb' })).toThrow(/http/);
  });
});
