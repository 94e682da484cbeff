import { TASK_TYPES } from '@capkit/api';
import openapi from '@capkit/api/openapi.json' with { type: 'json' };
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator, fixed, startEmulator, type Emulator } from '../index.js';
import { apiFor, pollUntilSettled } from './helpers/api.js';
import { ALL_TYPES, exampleTask, recaptchaTask, turnstileTask } from './helpers/tasks.js';

const SYNC_TYPES = ALL_TYPES.filter((type) => TASK_TYPES[type].mode === 'sync');
const ASYNC_TYPES = ALL_TYPES.filter((type) => TASK_TYPES[type].mode === 'async');

/** Validates a solution against the solution schema the spec names for the type. */
function validateSolution(schemaName: string, solution: unknown): boolean {
  const { validateResponse } = createSpecValidator();
  // The whole getTaskResult answer is checked by the contract check; here the solution must also fit
  // its own type's schema, not just any member of the Solution union.
  const schema = (openapi as unknown as { components: { schemas: Record<string, { required?: string[] }> } }).components
    .schemas[schemaName];
  const required = schema?.required ?? [];
  return (
    validateResponse('getTaskResult', 200, { errorId: 0, status: 'ready', solution }).ok &&
    required.every((field) => Object.hasOwn(solution as object, field))
  );
}

describe('startEmulator', () => {
  let emulator: Emulator;
  let api: ReturnType<typeof apiFor>;

  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 0.001, seed: 1 });
    api = apiFor(emulator.url);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('listens on 127.0.0.1 on a free port by default', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(emulator.url).port)).toBeGreaterThan(0);
  });

  it.each(SYNC_TYPES)(
    'answers the recognition task %s inside createTask with a solution of its schema',
    async (type) => {
      const { status, json } = await api.createTask(exampleTask(type));
      expect(status).toBe(200);
      expect(json).toMatchObject({ errorId: 0, status: 'ready', taskId: expect.any(String) });
      const solution = json?.solution as Record<string, unknown>;
      expect(validateSolution(TASK_TYPES[type].solution, solution)).toBe(true);
      // Every property the schema declares is filled, with a value of its type, but `answers`, which
      // ImageToText sends only for several images (see solutions.test.ts).
      const schema = (openapi as any).components.schemas[TASK_TYPES[type].solution];
      const conditional = type === 'ImageToTextTask' ? ['answers'] : [];
      const declared = Object.keys(schema.properties).filter((key) => !conditional.includes(key));
      expect(Object.keys(solution).sort()).toEqual(declared.sort());
    },
  );

  it.each(ASYNC_TYPES)('creates the token task %s, then serves a solution of its schema', async (type) => {
    const created = await api.createTask(exampleTask(type));
    expect(created.json).toMatchObject({
      errorId: 0,
      errorCode: '',
      taskId: expect.any(String),
      status: 'processing',
    });
    expect(created.json).not.toHaveProperty('solution');
    const result = await pollUntilSettled(emulator.url, created.json?.taskId);
    expect(result.json).toMatchObject({ errorId: 0, status: 'ready', taskId: created.json?.taskId });
    expect(validateSolution(TASK_TYPES[type].solution, result.json?.solution)).toBe(true);
  });

  async function statusesSeen(taskId: string): Promise<string[]> {
    const seen: string[] = [];
    for (let status = ''; status !== 'ready';) {
      status = (await api.getTaskResult(taskId)).json?.status;
      if (seen.at(-1) !== status) seen.push(status);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return seen;
  }

  it('reports processing, then ready, as the solve time passes (never idle by default)', async () => {
    await emulator.close();
    emulator = await startEmulator({ timeScale: 0.01, seed: 1, solveTime: fixed(30_000) });
    api = apiFor(emulator.url);
    const { json } = await api.createTask(turnstileTask());
    expect(json?.status).toBe('processing');
    expect(await statusesSeen(json?.taskId)).toEqual(['processing', 'ready']);
  });

  it('reports idle for the first idleFraction of the solve time when asked to', async () => {
    await emulator.close();
    // 1 s real solve time: idle for its first 300 ms, wide enough for a loaded machine.
    emulator = await startEmulator({ timeScale: 0.01, seed: 1, solveTime: fixed(100_000), idleFraction: 0.3 });
    api = apiFor(emulator.url);
    const { json } = await api.createTask(turnstileTask());
    expect(json?.status).toBe('idle');
    expect(await statusesSeen(json?.taskId)).toEqual(['idle', 'processing', 'ready']);
  });

  it('refuses an idleFraction outside 0..1', async () => {
    await expect(startEmulator({ idleFraction: 1.5 })).rejects.toThrow(/idleFraction/);
  });

  it('charges each created task and reports the balance with an empty package list', async () => {
    await api.createTask(turnstileTask());
    await api.createTask(exampleTask('ImageToTextTask'));
    const { json } = await api.getBalance();
    expect(json).toEqual({ errorId: 0, errorCode: '', errorDescription: '', balance: 99.998, packages: [] });
    expect(emulator.stats()).toMatchObject({ charged: 0.002, balance: 99.998, tasksCreated: 2, createTaskCalls: 2 });
  });

  it('holds getToken open for the solve time and answers ready with a solution', async () => {
    await emulator.close();
    emulator = await startEmulator({ timeScale: 0.01, seed: 1, solveTime: fixed(5000) });
    api = apiFor(emulator.url);
    const started = Date.now();
    const { json } = await api.getToken(recaptchaTask());
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(json).toMatchObject({ errorId: 0, status: 'ready', taskId: expect.any(String) });
    expect(json?.solution.gRecaptchaResponse).toEqual(expect.any(String));
    const stats = emulator.stats();
    expect(stats.tasks[0]).toMatchObject({ via: 'getToken', solveTimeMs: { service: 5000, real: 50 } });
    expect(stats.firstReadyServedAtByTask[json?.taskId]).toBeGreaterThanOrEqual(
      stats.createdAtByTask[json?.taskId] ?? 0,
    );
  });

  it('records feedback for a task', async () => {
    const { json } = await api.createTask(turnstileTask());
    const feedback = await api.feedbackTask(json?.taskId, { invalid: true, code: 1001, message: 'invalid token' });
    expect(feedback.json).toEqual({ errorId: 0, errorCode: '', errorDescription: '', message: 'feedback recorded' });
    expect(emulator.stats().tasks[0]?.feedback).toEqual({ invalid: true, code: 1001, message: 'invalid token' });
  });

  it('records creation, readiness and first serving of each task (real epoch ms)', async () => {
    const before = Date.now();
    const { json } = await api.createTask(turnstileTask());
    const id = json?.taskId as string;
    await pollUntilSettled(emulator.url, id);
    const stats = emulator.stats();
    const createdAt = stats.createdAtByTask[id] ?? 0;
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(stats.readyAtByTask[id]).toBe(createdAt + (stats.tasks[0]?.solveTimeMs.real ?? NaN));
    expect(stats.firstReadyServedAtByTask[id]).toBeGreaterThanOrEqual(stats.readyAtByTask[id] ?? Infinity);
    expect(stats.queriesByTask[id]).toBeGreaterThan(0);
    expect(stats.requestsByMethod.getTaskResult).toBe(stats.queriesByTask[id]);
  });

  it('answers CORS preflights for browser tests', async () => {
    const response = await fetch(`${emulator.url}/createTask`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('ends a pending getToken with a connection reset when closed', async () => {
    const slow = await startEmulator({ solveTime: fixed(60_000) });
    const pending = apiFor(slow.url).getToken(recaptchaTask());
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await slow.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('listens on the port it is given and stops on close', async () => {
    const { emulator: fixedPort, port } = await startOnFreePort();
    expect(fixedPort.url).toBe(`http://127.0.0.1:${port}`);
    await fixedPort.close();
    await expect(fetch(`${fixedPort.url}/getBalance`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});

/**
 * Starts an emulator on a port found free a moment before. Other test processes open connections
 * all the time, and one may take that port in between (EADDRINUSE): then it tries another.
 */
async function startOnFreePort(attempts = 5): Promise<{ emulator: Emulator; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const probe = await startEmulator();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    try {
      return { emulator: await startEmulator({ port }), port };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= attempts) throw error;
    }
  }
}
