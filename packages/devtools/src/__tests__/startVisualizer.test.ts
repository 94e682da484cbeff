import { createClient, scaleLimits } from '@capkit/core';
import { taskMachine } from '@capkit/core/machine';
import { startEmulator } from '@capkit/emulator';
import { request } from 'node:http';
import { setup } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { startVisualizer, type Visualizer } from '../startVisualizer.js';
import type { TaskRecord } from '../toTaskRecord.js';
import { pollingMachine } from './fixtures/sampleMachines.js';
import { runTask } from './fixtures/runTask.js';
import { openEventStream } from './fixtures/sseClient.js';

/** A raw request, so the Host header can be chosen (fetch does not allow it). */
function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

describe('startVisualizer', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const start = async (options: Parameters<typeof startVisualizer>[0] = {}): Promise<Visualizer> => {
    const visualizer = await startVisualizer(options);
    cleanups.push(() => visualizer.close());
    return visualizer;
  };

  it('listens on 127.0.0.1 and serves one self-contained page under a strict CSP', async () => {
    const visualizer = await start();
    expect(visualizer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(visualizer.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    // Nothing is loaded from elsewhere: no external scripts, styles, fonts or images.
    expect(html).not.toMatch(/\s(src|href)="(?!data:)[^"]+"/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('"machineId":"capsolverTask"');
    // A fresh nonce per response.
    const again = (await fetch(visualizer.url)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('escapes names from the machine and the title, so they cannot break out of the page', async () => {
    const hostile = '</script><script>alert(1)</script>';
    const machine = setup({}).createMachine({
      id: hostile,
      initial: 'a',
      states: { a: { on: { [hostile]: 'b' } }, b: {} },
    });
    const visualizer = await start({ machine, title: '<b>title</b>' });
    const html = await (await fetch(visualizer.url)).text();
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<b>title</b>');
    expect(html).toContain('&#60;b&#62;title&#60;/b&#62;');
  });

  it('serves the layout and the task list as JSON, and refuses anything else', async () => {
    const visualizer = await start({ machine: pollingMachine });
    const layout = await (await fetch(new URL('/layout.json', visualizer.url))).json();
    expect(layout.machineId).toBe('poll');
    expect(layout.nodes.map((n: { id: string }) => n.id)).toContain('polling.waiting');
    expect(await (await fetch(new URL('/tasks.json', visualizer.url))).json()).toEqual({ tasks: [] });
    expect((await fetch(new URL('/nope', visualizer.url))).status).toBe(404);
    expect((await rawGet(visualizer.url, {}, 'POST')).status).toBe(405);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const visualizer = await start();
    const port = new URL(visualizer.url).port;
    expect((await rawGet(visualizer.url, { host: `evil.example:${port}` })).status).toBe(403);
    expect((await rawGet(visualizer.url, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('streams the current tasks, then every change, over Server-Sent Events', async () => {
    const visualizer = await start();
    const first = runTask({ taskId: 'FIRST', type: 'ImageToTextTask', inspect: visualizer.inspect });
    await first.settled;
    const stream = await openEventStream(new URL('/events', visualizer.url).href);
    cleanups.push(() => stream.close());
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const initial = await stream.waitFor((e) => e.event === 'tasks');
    expect((initial.data as { tasks: TaskRecord[] }).tasks.map((t) => [t.taskId, t.state])).toEqual([
      ['FIRST', ['ready']],
    ]);

    const second = runTask({
      taskId: 'SECOND',
      type: 'ReCaptchaV2TaskProxyLess',
      readyAfter: 2,
      inspect: visualizer.inspect,
    });
    await second.settled;
    await stream.waitFor(
      (e) =>
        e.event === 'task' && (e.data as TaskRecord).state[0] === 'ready' && (e.data as TaskRecord).taskId === 'SECOND',
    );
    const states = stream.events.filter((e) => e.event === 'task').map((e) => (e.data as TaskRecord).state.join());
    expect(states).toEqual([
      'creating',
      'idle.waiting',
      'idle.querying',
      'processing.waiting',
      'processing.querying',
      'ready',
    ]);
    expect(visualizer.tasks()).toHaveLength(2);
  });

  it('tells pages which finished tasks were dropped', async () => {
    const visualizer = await start({ maxFinished: 1 });
    const stream = await openEventStream(new URL('/events', visualizer.url).href);
    cleanups.push(() => stream.close());
    await runTask({ taskId: 'A', type: 'ImageToTextTask', inspect: visualizer.inspect }).settled;
    await runTask({ taskId: 'B', type: 'ImageToTextTask', inspect: visualizer.inspect }).settled;
    expect((await stream.waitFor((e) => e.event === 'remove')).data).toEqual({ id: 'task-1' });
  });

  it('ends open event streams on close', async () => {
    const visualizer = await startVisualizer();
    const stream = await openEventStream(new URL('/events', visualizer.url).href);
    await stream.waitFor((e) => e.event === 'tasks');
    await visualizer.close();
    await expect(stream.ended).resolves.toBeUndefined();
    await expect(fetch(visualizer.url)).rejects.toThrow();
  });

  it('shows a real client solving against the emulator, and the API key never reaches the stream', async () => {
    const emulator = await startEmulator({ timeScale: 0.01, seed: 7 });
    cleanups.push(() => emulator.close());
    const visualizer = await start({ machine: taskMachine });
    const stream = await openEventStream(new URL('/events', visualizer.url).href);
    cleanups.push(() => stream.close());
    const client = createClient({
      apiKey: 'CAP-EMULATOR-KEY',
      baseUrl: emulator.url,
      limits: scaleLimits(0.01),
      inspect: visualizer.inspect,
    });
    const result = await client.solve({
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: 'https://example.com/form',
      websiteKey: 'SITE-KEY-X',
    });
    const done = await stream.waitFor((e) => e.event === 'task' && (e.data as TaskRecord).status === 'done');
    expect(done.data).toMatchObject({
      taskId: result.taskId,
      type: 'ReCaptchaV2TaskProxyLess',
      state: ['ready'],
      queries: result.queries,
      maxQueries: 120,
    });
    const everything = stream.events.map((e) => e.raw).join('\n') + (await (await fetch(visualizer.url)).text());
    for (const secret of ['CAP-EMULATOR-KEY', 'SITE-KEY-X', 'example.com/form'])
      expect(everything).not.toContain(secret);
  });
});
