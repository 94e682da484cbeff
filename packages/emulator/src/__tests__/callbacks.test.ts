import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixed, startEmulator, type CallbackOptions, type Emulator } from '../index.js';
import { apiFor } from './helpers/api.js';
import { imageTask, recaptchaTask } from './helpers/tasks.js';

interface Received {
  path: string;
  contentType: string | undefined;
  body: string;
  at: number;
}

/** A real HTTP server on 127.0.0.1 that records every callback. */
async function startRecorder(status = 200): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body, at: Date.now() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const waitFor = async (check: () => boolean, timeoutMs = 3000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('callbacks', () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let emulator: Emulator | undefined;

  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(() => new Promise<void>((resolve) => recorder.server.close(() => resolve())));
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    recorder.received.length = 0;
  });

  const start = async (callbacks: CallbackOptions = {}, solveMs = 100) => {
    emulator = await startEmulator({ seed: 3, solveTime: fixed(solveMs), callbacks });
    return apiFor(emulator.url);
  };

  it('POSTs the getTaskResult body to callbackUrl once the task is ready, not before', async () => {
    const api = await start();
    const created = await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/secret-1` });
    const taskId = created.json?.taskId as string;
    await waitFor(() => recorder.received.length === 1);
    const [callback] = recorder.received;
    const createdAt = emulator!.stats().tasks[0]!.createdAt;
    expect(callback?.path).toBe('/cb/secret-1');
    expect(callback?.contentType).toBe('application/json');
    expect(callback!.at - createdAt).toBeGreaterThanOrEqual(95);
    const body = JSON.parse(callback!.body);
    expect(body).toMatchObject({ errorId: 0, taskId, status: 'ready' });
    // The same body a query answers now.
    const queried = await api.getTaskResult(taskId);
    expect(queried.json?.solution).toEqual(body.solution);
    const stats = emulator!.stats().callbacks;
    expect(stats).toMatchObject({ sent: 1, delivered: 1, lost: 0, refused: 0 });
    // The secret path is not kept in stats.
    expect(JSON.stringify(stats)).not.toContain('secret-1');
  });

  it('pushes a failure as the error envelope with the task id', async () => {
    const api = await start();
    emulator!.control.forceNext({ outcome: 'unsolvable' });
    const created = await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/f` });
    await waitFor(() => recorder.received.length === 1);
    expect(JSON.parse(recorder.received[0]!.body)).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
      taskId: created.json?.taskId,
    });
    expect(emulator!.stats().refunded).toBeGreaterThan(0);
  });

  it('sends nothing without a callbackUrl, for a null one, or for a recognition task', async () => {
    const api = await start({}, 10);
    await api.createTask(recaptchaTask());
    await api.createTask(recaptchaTask(), { callbackUrl: null });
    await api.createTask(imageTask(), { callbackUrl: `${recorder.url}/cb/sync` });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(recorder.received).toEqual([]);
    expect(emulator!.stats().callbacks.sent).toBe(0);
  });

  it('posts only to loopback hosts unless allowed (no SSRF), and never to other schemes', async () => {
    const api = await start({}, 10);
    for (const url of [
      'http://169.254.169.254/latest',
      'http://example.com/cb',
      'file:///etc/passwd',
      'ftp://127.0.0.1/cb',
    ]) {
      const created = await api.createTask(recaptchaTask(), { callbackUrl: url });
      // The task itself is created as the service would.
      expect(created.json?.errorId, url).toBe(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emulator!.stats().callbacks).toMatchObject({ sent: 0, refused: 4 });
  });

  it('allowHosts lets other hosts through (localhost names always pass)', async () => {
    const api = await start({ allowHosts: ['callbacks.example'] }, 10);
    await api.createTask(recaptchaTask(), { callbackUrl: recorder.url.replace('127.0.0.1', 'localhost') + '/cb/l' });
    await waitFor(() => recorder.received.length === 1);
    expect(emulator!.stats().callbacks.refused).toBe(0);
  });

  it('lost: no POST at all, the result stays queryable', async () => {
    const api = await start({ lost: 1 }, 10);
    const created = await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/lost` });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.received).toEqual([]);
    expect(emulator!.stats().callbacks).toMatchObject({ sent: 0, lost: 1 });
    expect((await api.getTaskResult(created.json?.taskId as string)).json?.status).toBe('ready');
  });

  it('delayed: held back delayMs (service ms, scaled)', async () => {
    const api = await start({ delayed: 1, delayMs: 200 }, 10);
    const sentAt = Date.now();
    await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/d` });
    await waitFor(() => recorder.received.length === 1);
    expect(recorder.received[0]!.at - sentAt).toBeGreaterThanOrEqual(190);
    expect(emulator!.stats().callbacks.delayed).toBe(1);
  });

  it('duplicated: the same body twice; reordered: a stale processing one after the final one', async () => {
    const api = await start({ duplicated: 1, reordered: 1 }, 10);
    await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/dup` });
    await waitFor(() => recorder.received.length === 3);
    const bodies = recorder.received.map((callback) => JSON.parse(callback.body));
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies.map((body) => body.status)).toEqual(['ready', 'ready', 'processing']);
    expect(emulator!.stats().callbacks).toMatchObject({ sent: 3, duplicated: 1, reordered: 1 });
  });

  it('other payload shapes: solution only, wrapped, form, text, empty', async () => {
    const shapes = ['solution', 'wrapped', 'form', 'text', 'empty'] as const;
    for (const payload of shapes) {
      const api = await start({ payload }, 10);
      await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/${payload}` });
      await waitFor(() => recorder.received.length === 1);
      const [callback] = recorder.received;
      if (payload === 'solution') expect(JSON.parse(callback!.body)).toHaveProperty('gRecaptchaResponse');
      if (payload === 'wrapped') expect(JSON.parse(callback!.body).data.status).toBe('ready');
      if (payload === 'form') {
        expect(callback!.contentType).toBe('application/x-www-form-urlencoded');
        expect(new URLSearchParams(callback!.body).get('status')).toBe('ready');
      }
      if (payload === 'text') expect(callback!.contentType).toBe('text/plain');
      if (payload === 'empty') expect(callback!.body).toBe('');
      expect(emulator!.stats().callbacks.log[0]?.payload).toBe(payload);
      await emulator!.close();
      emulator = undefined;
      recorder.received.length = 0;
    }
  });

  it('counts a receiver that refuses (non-2xx) or is not there', async () => {
    const refusing = await startRecorder(404);
    const api = await start({}, 10);
    await api.createTask(recaptchaTask(), { callbackUrl: `${refusing.url}/cb/x` });
    await api.createTask(recaptchaTask(), { callbackUrl: 'http://127.0.0.1:1/cb/nobody' });
    await waitFor(() => {
      const stats = emulator!.stats().callbacks;
      return stats.rejected + stats.failed === 2;
    });
    expect(emulator!.stats().callbacks).toMatchObject({ sent: 2, rejected: 1, failed: 1 });
    await new Promise<void>((resolve) => refusing.server.close(() => resolve()));
  });

  it('reset() drops pending callbacks', async () => {
    const api = await start({}, 100);
    await api.createTask(recaptchaTask(), { callbackUrl: `${recorder.url}/cb/r` });
    emulator!.reset();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorder.received).toEqual([]);
  });
});
