import { createClient, scaleLimits } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { connectVisualizer } from '../connectVisualizer.js';
import { startVisualizer } from '../startVisualizer.js';
import type { TaskRecord } from '../toTaskRecord.js';
import { openEventStream } from './fixtures/sseClient.js';

const API_KEY = 'CAP-EMULATOR-KEY';

describe('connectVisualizer', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('streams a real client’s tasks to a visualizer over HTTP; the API key is never in what is sent', async () => {
    const emulator = await startEmulator({ timeScale: 0.01, seed: 11 });
    cleanups.push(() => emulator.close());
    const visualizer = await startVisualizer();
    cleanups.push(() => visualizer.close());
    const stream = await openEventStream(new URL('/events', visualizer.url).href);
    cleanups.push(() => stream.close());

    const sent: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      sent.push(`${String(input)}\n${JSON.stringify(init?.headers ?? {})}\n${String(init?.body)}`);
      return fetch(input, init);
    };
    const inspect = connectVisualizer(visualizer.url, { fetch: recordingFetch });
    const client = createClient({ apiKey: API_KEY, baseUrl: emulator.url, limits: scaleLimits(0.01), inspect });
    const result = await client.solve({
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: 'https://example.com/form',
      websiteKey: 'SITE-KEY-X',
    });
    await inspect.flush();

    const done = await stream.waitFor((e) => e.event === 'task' && (e.data as TaskRecord).status === 'done');
    expect(done.data).toMatchObject({
      taskId: result.taskId,
      type: 'ReCaptchaV2TaskProxyLess',
      state: ['ready'],
      queries: result.queries,
      maxQueries: 120,
    });
    expect(visualizer.tasks()).toHaveLength(1);
    expect(visualizer.tasks()[0]?.id).toMatch(/^[0-9a-f]{8}:task-1$/);
    expect(inspect.failures()).toBe(0);
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) expect(request.startsWith(new URL('/ingest', visualizer.url).href)).toBe(true);
    const everything = [...sent, ...stream.events.map((e) => e.raw), await (await fetch(visualizer.url)).text()];
    for (const secret of [API_KEY, 'SITE-KEY-X', 'example.com/form'])
      expect(everything.join('\n')).not.toContain(secret);
  });

  it('never breaks the client when the visualizer is down: the failed batches are counted', async () => {
    const visualizer = await startVisualizer();
    const url = visualizer.url;
    await visualizer.close();
    const emulator = await startEmulator({ timeScale: 0.01, seed: 3 });
    cleanups.push(() => emulator.close());
    const inspect = connectVisualizer(url);
    const client = createClient({ apiKey: API_KEY, baseUrl: emulator.url, limits: scaleLimits(0.01), inspect });
    const result = await client.solve({ type: 'ImageToTextTask', body: 'aGVsbG8=' });
    expect(result.taskId).toBeTruthy();
    await inspect.flush();
    expect(inspect.failures()).toBeGreaterThan(0);
  });

  it('the ingest endpoint takes only JSON from its own host, and rebuilds every record', async () => {
    const visualizer = await startVisualizer();
    cleanups.push(() => visualizer.close());
    const ingest = new URL('/ingest', visualizer.url).href;
    const form = await fetch(ingest, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const bad = await fetch(ingest, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[' });
    expect(bad.status).toBe(400);
    const record = {
      id: 'p:task-1',
      type: 'GeeTestTaskProxyLess',
      state: ['error'],
      queries: 2,
      maxQueries: 120,
      remainingMs: null,
      status: 'done',
      errorCode: 'ERROR_ZERO_BALANCE',
      updatedAt: 1,
      apiKey: 'CAP-SMUGGLED',
    };
    const ok = await fetch(ingest, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [record, { id: 'no-type' }], removed: [] }),
    });
    expect(ok.status).toBe(204);
    expect(visualizer.tasks()).toEqual([
      {
        id: 'p:task-1',
        type: 'GeeTestTaskProxyLess',
        state: ['error'],
        queries: 2,
        maxQueries: 120,
        remainingMs: null,
        status: 'done',
        errorCode: 'ERROR_ZERO_BALANCE',
        updatedAt: 1,
      },
    ]);
  });
});
