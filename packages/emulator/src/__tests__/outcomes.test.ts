import { LIMITS } from '@capkit/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FORCE_HINT_PREFIX,
  fixed,
  forceHintUrl,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../index.js';
import { apiFor, pollUntilSettled } from './helpers/api.js';
import { exampleTask, imageTask, recaptchaTask, turnstileTask } from './helpers/tasks.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outcomes', () => {
  let emulator: Emulator;
  let api: ReturnType<typeof apiFor>;
  const start = async (options: EmulatorOptions = {}) => {
    emulator = await startEmulator({ seed: 9, timeScale: 0.001, ...options });
    api = apiFor(emulator.url);
  };
  afterEach(() => emulator.close());

  it.each([
    ['unsolvable', 'ERROR_CAPTCHA_UNSOLVABLE'],
    ['ERROR_PROXY_BANNED', 'ERROR_PROXY_BANNED'],
  ] as const)(
    'forceNext(%s) makes the next task fail with %s after its solve time, and refunds it',
    async (outcome, code) => {
      await start({ solveTime: fixed(0) });
      emulator.control.forceNext({ outcome });
      const failing = (await api.createTask(turnstileTask())).json?.taskId as string;
      const normal = (await api.createTask(turnstileTask())).json?.taskId as string;
      const failed = await api.getTaskResult(failing);
      expect(failed.json).toMatchObject({ errorId: 1, errorCode: code, taskId: failing });
      expect((await api.getTaskResult(normal)).json).toMatchObject({ errorId: 0, status: 'ready' });
      expect(emulator.stats()).toMatchObject({ charged: 0.002, refunded: 0.001, balance: 99.999 });
    },
  );

  it('forceNext({ outcome: "timeout" }) answers ERROR_TASK_TIMEOUT after the scaled server solve timeout', async () => {
    // timeScale 0.005: the 120 s server timeout is 600 ms.
    await start({ solveTime: fixed(0), timeScale: 0.005 });
    emulator.control.forceNext({ outcome: 'timeout' });
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    expect((await api.getTaskResult(id)).json?.status).toMatch(/idle|processing/);
    await sleep(LIMITS.serverSolveTimeoutMs * 0.005 + 10);
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_TASK_TIMEOUT' });
    expect(emulator.stats().tasks[0]?.solveTimeMs.service).toBe(LIMITS.serverSolveTimeoutMs);
  });

  it('forceNext applies to one task each, in order', async () => {
    await start({ solveTime: fixed(0) });
    emulator.control.forceNext({ outcome: 'unsolvable' });
    emulator.control.forceNext({ outcome: 'ERROR_PROXY_BANNED' });
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push((await api.createTask(turnstileTask())).json?.taskId as string);
    const codes = [];
    for (const id of ids) codes.push((await api.getTaskResult(id)).json?.errorCode);
    expect(codes).toEqual(['ERROR_CAPTCHA_UNSOLVABLE', 'ERROR_PROXY_BANNED', '']);
  });

  it('replays a forced status sequence, query by query, repeating the last one', async () => {
    await start();
    emulator.control.forceNext({ statuses: ['idle', 'processing', 'processing', 'ready'] });
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    const seen = [];
    for (let query = 0; query < 5; query++) seen.push((await api.getTaskResult(id)).json?.status);
    expect(seen).toEqual(['idle', 'processing', 'processing', 'ready', 'ready']);
    const stats = emulator.stats();
    expect(stats.readyAtByTask[id]).toBe(stats.firstReadyServedAtByTask[id]);
  });

  it('serves status "failed" with the error envelope when the sequence says so', async () => {
    await start();
    emulator.control.forceNext({ statuses: ['processing', 'failed'], outcome: 'unsolvable' });
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    await api.getTaskResult(id);
    expect((await api.getTaskResult(id)).json).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
      status: 'failed',
      taskId: id,
    });
  });

  it('forceNext({ solveTimeMs }) sets the solve time in service ms', async () => {
    await start({ timeScale: 0.01 });
    emulator.control.forceNext({ solveTimeMs: 20_000 });
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    expect((await api.getTaskResult(id)).json?.status).not.toBe('ready');
    await sleep(210);
    expect((await api.getTaskResult(id)).json?.status).toBe('ready');
    expect(emulator.stats().tasks[0]?.solveTimeMs).toEqual({ service: 20_000, real: 200 });
  });

  it('force(taskId) changes a task that already exists', async () => {
    await start({ solveTime: fixed(60_000) });
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    emulator.control.force(id, { outcome: 'ERROR_PROXY_BANNED', solveTimeMs: 0 });
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_PROXY_BANNED' });
    expect(() => emulator.control.force('nope', { outcome: 'ready' })).toThrow(RangeError);
    expect(() => emulator.control.forceNext({ outcome: 'sometimes' as never })).toThrow(TypeError);
    expect(() => emulator.control.forceNext({ statuses: ['done' as never] })).toThrow(TypeError);
  });

  it('stage "createTask" makes createTask itself answer the error, creating and charging nothing', async () => {
    await start();
    emulator.control.forceNext({ outcome: 'ERROR_SETTLEMENT_FAILED', stage: 'createTask' });
    expect((await api.createTask(turnstileTask())).json).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_SETTLEMENT_FAILED',
    });
    expect(emulator.stats()).toMatchObject({ tasksCreated: 0, charged: 0 });
  });

  it('makes a forced recognition task fail inside createTask', async () => {
    await start();
    emulator.control.forceNext({ outcome: 'ERROR_INVALID_IMAGE' });
    expect((await api.createTask(imageTask())).json).toMatchObject({ errorId: 1, errorCode: 'ERROR_INVALID_IMAGE' });
    emulator.control.forceNext({ outcome: 'unsolvable' });
    expect((await api.createTask(imageTask())).json).toMatchObject({ errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' });
    expect(emulator.stats().tasksCreated).toBe(0);
  });

  it('delays a recognition answer by a forced solve time', async () => {
    await start({ timeScale: 0.01 });
    emulator.control.forceNext({ solveTimeMs: 5000 });
    const started = Date.now();
    expect((await api.createTask(imageTask())).json).toMatchObject({ status: 'ready' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('forces through getToken too', async () => {
    await start();
    emulator.control.forceNext({ outcome: 'unsolvable' });
    expect((await api.getToken(recaptchaTask())).json).toMatchObject({ errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' });
  });

  describe('websiteURL force hint (for other processes)', () => {
    it('forces the outcome and solve time named in websiteURL', async () => {
      await start({ timeScale: 0.01 });
      const websiteURL = forceHintUrl('unsolvable', { solveMs: 20_000 });
      expect(websiteURL).toBe(`${FORCE_HINT_PREFIX}unsolvable?solveMs=20000`);
      const id = (await api.createTask(turnstileTask({ websiteURL }))).json?.taskId as string;
      expect((await api.getTaskResult(id)).json?.errorId).toBe(0);
      await sleep(210);
      expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' });
    });

    it('reads captchaUrl (DataDome) and status sequences', async () => {
      await start();
      const captchaUrl = forceHintUrl('ready', { statuses: ['processing', 'ready'] });
      const id = (await api.createTask({ ...exampleTask('DatadomeSliderTask'), captchaUrl })).json?.taskId as string;
      expect((await api.getTaskResult(id)).json?.status).toBe('processing');
      expect((await api.getTaskResult(id)).json?.status).toBe('ready');
    });

    it('forces recognition tasks through websiteURL', async () => {
      await start();
      const { json } = await api.createTask(imageTask({ websiteURL: forceHintUrl('ERROR_PARSE_IMAGE_FAIL') }));
      expect(json).toMatchObject({ errorCode: 'ERROR_PARSE_IMAGE_FAIL' });
    });

    it('refuses a malformed hint instead of ignoring it', async () => {
      await start();
      const { json } = await api.createTask(turnstileTask({ websiteURL: `${FORCE_HINT_PREFIX}sometimes` }));
      expect(json).toMatchObject({
        errorCode: 'ERROR_INVALID_TASK_DATA',
        errorDescription: expect.stringContaining('task.websiteURL'),
      });
    });
  });

  it('draws outcomes from the configured probabilities', async () => {
    await start({ solveTime: fixed(0), outcomes: { unsolvable: 0.3, errors: { ERROR_PROXY_BANNED: 0.2 } } });
    const codes: Record<string, number> = {};
    for (let index = 0; index < 200; index++) {
      const id = (await api.createTask(turnstileTask())).json?.taskId as string;
      const code = (await pollUntilSettled(emulator.url, id)).json?.errorCode || 'ready';
      codes[code] = (codes[code] ?? 0) + 1;
    }
    expect(codes.ERROR_CAPTCHA_UNSOLVABLE).toBeGreaterThan(40);
    expect(codes.ERROR_CAPTCHA_UNSOLVABLE).toBeLessThan(80);
    expect(codes.ERROR_PROXY_BANNED).toBeGreaterThan(22);
    expect(codes.ERROR_PROXY_BANNED).toBeLessThan(60);
    expect(codes.ready).toBeGreaterThan(70);
  });
});
