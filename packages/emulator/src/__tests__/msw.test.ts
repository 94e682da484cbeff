import { SERVERS } from '@capkit/api';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_PREFIX, fixed } from '../index.js';
import { createEmulatorHandlers } from '../msw.js';
import { apiFor, call, pollUntilSettled } from './helpers/api.js';
import { imageTask, recaptchaTask, turnstileTask } from './helpers/tasks.js';

describe('@capkit/emulator/msw', () => {
  const emulator = createEmulatorHandlers({ seed: 3, timeScale: 0.001, solveTime: fixed(1000) });
  const custom = createEmulatorHandlers({ baseUrl: 'https://capsolver.internal/api/', seed: 3, timeScale: 0.001 });
  const server = setupServer(...emulator.handlers, ...custom.handlers);

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    emulator.reset();
    custom.reset();
  });
  afterAll(() => {
    server.close();
    emulator.dispose();
    custom.dispose();
  });

  it.each(SERVERS)('serves the full task flow on %s', async (base) => {
    const api = apiFor(base);
    const created = await api.createTask(turnstileTask());
    expect(created.json).toMatchObject({ errorId: 0, status: 'processing' });
    const result = await pollUntilSettled(base, created.json?.taskId);
    expect(result.json).toMatchObject({ errorId: 0, status: 'ready', solution: { token: expect.any(String) } });
    expect((await api.createTask(imageTask())).json).toMatchObject({ status: 'ready' });
    expect((await api.getToken(recaptchaTask())).json).toMatchObject({ status: 'ready' });
  });

  it('applies the same validation and limits as the HTTP server', async () => {
    const api = apiFor(SERVERS[0]);
    expect((await call(SERVERS[0], 'getBalance', { clientKey: 'nope' })).status).toBe(401);
    expect((await api.createTask({ type: 'Nope' })).json?.errorCode).toBe('ERROR_TASK_NOT_SUPPORTED');
    expect((await call(SERVERS[0], 'createTask', 'not json')).json?.errorCode).toBe('ERROR_BAD_REQUEST');
  });

  it('turns a connection reset into a network error, after processing for resetAfter', async () => {
    emulator.control.scriptFaults([{ kind: 'resetAfter', method: 'createTask' }]);
    await expect(apiFor(SERVERS[0]).createTask(turnstileTask())).rejects.toThrow(TypeError);
    expect(emulator.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 1 });
    emulator.control.scriptFaults([{ kind: 'http429' }]);
    const limited = await call(SERVERS[0], 'getBalance', { clientKey: 'CAP-EMULATOR-KEY' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after-ms')).toBe('1');
  });

  it('serves a custom base URL with a path, including the control endpoints', async () => {
    const base = 'https://capsolver.internal/api';
    expect((await apiFor(base).getBalance()).json).toMatchObject({ errorId: 0, balance: 100 });
    const stats = await (await fetch(`${base}${CONTROL_PREFIX}stats`)).json();
    expect(stats.requestsByMethod.getBalance).toBe(1);
    expect(emulator.stats().requestsByMethod.getBalance).toBe(0);
  });

  it('answers CORS preflights without a body', async () => {
    const response = await fetch(`${SERVERS[0]}/createTask`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
  });
});
