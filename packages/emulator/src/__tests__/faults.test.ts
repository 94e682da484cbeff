import { ERROR_CODES } from '@capkit/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS, fixed, startEmulator, type Emulator, type FaultKind } from '../index.js';
import { KEY, apiFor, call } from './helpers/api.js';
import { turnstileTask } from './helpers/tasks.js';

describe('fault injection', () => {
  let emulator: Emulator;
  let api: ReturnType<typeof apiFor>;
  const createTaskBody = () => ({ clientKey: KEY, task: turnstileTask() });

  beforeAll(async () => {
    // timeScale 0.01: the default 2 s latency becomes 20 ms, the 1 s Retry-After 10 ms.
    emulator = await startEmulator({ seed: 4, timeScale: 0.01, solveTime: fixed(0) });
    api = apiFor(emulator.url);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it.each([
    ['http500', 500],
    ['http502Unprocessed', 502],
    ['http503', 503],
  ] as const)('%s answers HTTP %i with an empty body and creates nothing', async (kind, status) => {
    emulator.control.scriptFaults([{ kind }]);
    const result = await call(emulator.url, 'createTask', createTaskBody());
    expect(result.status).toBe(status);
    expect(result.text).toBe('');
    expect(emulator.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 0, charged: 0 });
  });

  it('http502 processes the request (the task is created and charged), then answers 502 with an empty body', async () => {
    emulator.control.scriptFaults([{ kind: 'http502' }]);
    const result = await call(emulator.url, 'createTask', createTaskBody());
    expect(result.status).toBe(502);
    expect(result.text).toBe('');
    expect(emulator.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 1 });
    expect(emulator.stats().charged).toBeGreaterThan(0);
  });

  it.each([
    ['http500Json', 500],
    ['http502Json', 502],
    ['http503Json', 503],
  ] as const)('%s answers HTTP %i with the JSON error envelope and creates nothing', async (kind, status) => {
    emulator.control.scriptFaults([{ kind }]);
    const result = await call(emulator.url, 'createTask', createTaskBody());
    expect(result.status).toBe(status);
    expect(result.json).toMatchObject({ errorId: 1, errorCode: 'ERROR_SERVICE_UNAVALIABLE' });
    expect(emulator.stats().tasksCreated).toBe(0);
  });

  it('html answers an HTML error page', async () => {
    emulator.control.scriptFaults([{ kind: 'html' }]);
    const result = await call(emulator.url, 'getBalance', { clientKey: KEY });
    expect(result.status).toBe(502);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.text).toContain('<html>');
  });

  it('http429 answers 429 with Retry-After (seconds) and retry-after-ms (scaled)', async () => {
    emulator.control.scriptFaults([{ kind: 'http429' }]);
    const result = await call(emulator.url, 'getTaskResult', { clientKey: KEY, taskId: 'x' });
    expect(result.status).toBe(429);
    expect(result.headers.get('retry-after')).toBe('1');
    expect(result.headers.get('retry-after-ms')).toBe('10');
  });

  it.each([
    ['rateLimit', 'ERROR_RATE_LIMIT'],
    ['serviceUnavailable', 'ERROR_SERVICE_UNAVALIABLE'],
  ] as const)('%s answers the documented %s envelope with its HTTP status', async (kind, code) => {
    emulator.control.scriptFaults([{ kind }]);
    const result = await call(emulator.url, 'createTask', createTaskBody());
    expect(result.status).toBe(ERROR_CODES[code].httpStatus);
    expect(result.json).toMatchObject({ errorId: 1, errorCode: code });
    expect(emulator.stats().tasksCreated).toBe(0);
  });

  it('resetBefore drops the connection without processing: no task, no charge', async () => {
    emulator.control.scriptFaults([{ kind: 'resetBefore', method: 'createTask' }]);
    await expect(call(emulator.url, 'createTask', createTaskBody())).rejects.toThrow();
    expect(emulator.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 0, charged: 0 });
  });

  it('resetAfter creates and charges the task, then drops the connection (the "may exist" case)', async () => {
    emulator.control.scriptFaults([{ kind: 'resetAfter', method: 'createTask' }]);
    await expect(call(emulator.url, 'createTask', createTaskBody())).rejects.toThrow();
    const stats = emulator.stats();
    expect(stats).toMatchObject({ createTaskCalls: 1, tasksCreated: 1, charged: 0.001 });
    // The fault log names the task the client never heard about.
    expect(stats.faults[0]).toMatchObject({ kind: 'resetAfter', method: 'createTask', taskId: stats.tasks[0]?.taskId });
  });

  it('resetAfter on getTaskResult still counts the query', async () => {
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    emulator.control.scriptFaults([{ kind: 'resetAfter', method: 'getTaskResult' }]);
    await expect(api.getTaskResult(id)).rejects.toThrow();
    await api.getTaskResult(id);
    expect(emulator.stats().queriesByTask[id]).toBe(2);
  });

  it('latency delays the answer by the scaled latency and then processes normally', async () => {
    emulator.control.scriptFaults([{ kind: 'latency', delayMs: 8000 }]);
    const started = Date.now();
    const result = await api.createTask(turnstileTask());
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(result.json).toMatchObject({ errorId: 0, taskId: expect.any(String) });
  });

  it.each(['malformed', 'truncated'] as const)('%s processes the request and sends broken JSON', async (kind) => {
    emulator.control.scriptFaults([{ kind }]);
    const result = await call(emulator.url, 'createTask', createTaskBody(), { broken: true });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('application/json');
    expect(result.json).toBeUndefined();
    expect(emulator.stats().tasksCreated).toBe(1);
  });

  it('applies scripted entries in order, only to their method, `times` times', async () => {
    emulator.control.scriptFaults([{ kind: 'rateLimit', method: 'getBalance', times: 2 }, { kind: 'http503' }]);
    // createTask skips the getBalance entry and takes the catch-all one.
    expect((await call(emulator.url, 'createTask', createTaskBody())).status).toBe(503);
    expect((await api.getBalance()).json?.errorCode).toBe('ERROR_RATE_LIMIT');
    expect((await api.getBalance()).json?.errorCode).toBe('ERROR_RATE_LIMIT');
    expect((await api.getBalance()).json?.errorId).toBe(0);
    const { faults, faultsInjected } = emulator.stats();
    expect(faults.map(({ method, kind, scripted }) => ({ method, kind, scripted }))).toEqual([
      { method: 'createTask', kind: 'http503', scripted: true },
      { method: 'getBalance', kind: 'rateLimit', scripted: true },
      { method: 'getBalance', kind: 'rateLimit', scripted: true },
    ]);
    expect(faultsInjected).toMatchObject({ http503: 1, rateLimit: 2, http500: 0 });
    expect(Object.keys(faultsInjected).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it('clearFaults drops the pending script', async () => {
    emulator.control.scriptFaults([{ kind: 'http500', times: 5 }]);
    emulator.control.clearFaults();
    expect((await api.getBalance()).status).toBe(200);
  });

  it('refuses an unknown fault kind', () => {
    expect(() => emulator.control.scriptFaults([{ kind: 'gremlins' as FaultKind }])).toThrow(TypeError);
  });
});

describe('random faults', () => {
  const run = async (seed: number) => {
    const emulator = await startEmulator({
      seed,
      faults: { rate: 0.5, kinds: { rateLimit: 3, http502Json: 1 }, methods: ['getBalance'] },
    });
    const api = apiFor(emulator.url);
    const seen: string[] = [];
    for (let index = 0; index < 40; index++) {
      const { status, json } = await api.getBalance();
      seen.push(json?.errorCode ? `${status}:${json.errorCode}` : 'ok');
    }
    // Methods outside `methods` are never faulted.
    for (let index = 0; index < 10; index++) expect((await api.createTask(turnstileTask())).json?.errorId).toBe(0);
    const stats = emulator.stats();
    await emulator.close();
    return { seen, stats };
  };

  it('injects faults at the configured rate and weights, only on the configured methods', async () => {
    const { seen, stats } = await run(21);
    const faulted = seen.filter((entry) => entry !== 'ok').length;
    expect(faulted).toBeGreaterThan(10);
    expect(faulted).toBeLessThan(30);
    expect(stats.faultsInjected.rateLimit).toBeGreaterThan(stats.faultsInjected.http502Json);
    expect(stats.faults.every((fault) => fault.method === 'getBalance' && !fault.scripted)).toBe(true);
    expect(stats.requestsByMethod).toMatchObject({ getBalance: 40, createTask: 10 });
  });

  it('injects the same faults for the same seed, and different ones for another', async () => {
    const first = await run(21);
    const again = await run(21);
    const other = await run(22);
    expect(again.seen).toEqual(first.seen);
    expect(other.seen).not.toEqual(first.seen);
  });
});
