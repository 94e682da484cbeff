import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_PREFIX, fixed, startEmulator, type Emulator, type EmulatorStats } from '../index.js';
import { apiFor } from './helpers/api.js';
import { turnstileTask } from './helpers/tasks.js';

describe('test-only control endpoints', () => {
  let emulator: Emulator;
  let api: ReturnType<typeof apiFor>;
  const control = async (action: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${CONTROL_PREFIX}${action}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 8, timeScale: 0.001, solveTime: fixed(0) });
    api = apiFor(emulator.url);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('GET /__emulator/stats returns the same stats as stats()', async () => {
    await api.createTask(turnstileTask());
    const { status, json } = await control('stats');
    expect(status).toBe(200);
    expect(json as EmulatorStats).toEqual(JSON.parse(JSON.stringify(emulator.stats())));
    expect(json.tasksCreated).toBe(1);
    // Control calls are not API requests.
    expect(json.requestsByMethod).toMatchObject({ createTask: 1, getBalance: 0 });
  });

  it('POST /__emulator/force forces the next task, or a given task', async () => {
    expect((await control('force', { outcome: 'ERROR_PROXY_BANNED' })).json).toEqual({ ok: true });
    const forced = (await api.createTask(turnstileTask())).json?.taskId as string;
    expect((await api.getTaskResult(forced)).json?.errorCode).toBe('ERROR_PROXY_BANNED');
    const later = (await api.createTask(turnstileTask())).json?.taskId as string;
    await control('force', { taskId: later, outcome: 'unsolvable' });
    expect((await api.getTaskResult(later)).json?.errorCode).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });

  it('POST /__emulator/faults scripts faults', async () => {
    expect((await control('faults', [{ kind: 'http503', method: 'getBalance' }])).status).toBe(200);
    expect((await api.getBalance()).status).toBe(503);
    await control('faults', { script: [{ kind: 'rateLimit' }] });
    expect((await api.getBalance()).json?.errorCode).toBe('ERROR_RATE_LIMIT');
  });

  it('POST /__emulator/balance and /__emulator/reset', async () => {
    await control('balance', { balance: 0 });
    expect((await api.createTask(turnstileTask())).json?.errorCode).toBe('ERROR_ZERO_BALANCE');
    await control('reset', {});
    expect((await api.getBalance()).json?.balance).toBe(100);
  });

  it('answers mistakes with 400/404/405 and a reason, never a crash', async () => {
    expect(await control('force', { outcome: 'sometimes' })).toMatchObject({ status: 400, json: { ok: false } });
    expect(await control('force', { taskId: 'nope', outcome: 'ready' })).toMatchObject({ status: 400 });
    expect(await control('faults', [{ kind: 'gremlins' }])).toMatchObject({ status: 400 });
    expect(await control('balance', { balance: 'lots' })).toMatchObject({ status: 400 });
    expect(await control('force', 'not json')).toMatchObject({ status: 400 });
    expect(await control('teleport', {})).toMatchObject({ status: 404 });
    expect(await control('reset')).toMatchObject({ status: 405 });
  });

  it('can be switched off', async () => {
    const closed = await startEmulator({ controlEndpoints: false });
    const response = await fetch(`${closed.url}${CONTROL_PREFIX}stats`);
    expect(response.status).toBe(404);
    await closed.close();
  });
});
