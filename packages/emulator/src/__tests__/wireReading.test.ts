import { TASK_TYPE_ALIASES } from '@capkit/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixed, startEmulator, type Emulator } from '../index.js';
import { apiFor, call, KEY, pollUntilSettled } from './helpers/api.js';
import { exampleTask, turnstileTask } from './helpers/tasks.js';

// The strict default emulator reads requests the way the service does (spec info: null = absent,
// keys case-insensitive as Go's encoding/json decodes them, type names case-insensitive + aliases).
describe('how the strict emulator reads a request', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    // 20 ms solves inside a 3 s lifetime: room for a loaded machine.
    emulator = await startEmulator({ seed: 17, timeScale: 0.01, solveTime: fixed(2_000) });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  describe('null is absent', () => {
    it('accepts null optional envelope fields (python3-capsolver sends "callbackUrl": null)', async () => {
      const { json } = await call(emulator.url, 'createTask', {
        clientKey: KEY,
        appId: null,
        callbackUrl: null,
        source: null,
        version: null,
        task: turnstileTask(),
      });
      expect(json).toMatchObject({ errorId: 0, status: 'processing' });
    });

    it('accepts null optional task fields, at any depth', async () => {
      const task = { ...exampleTask('ReCaptchaV2TaskProxyLess'), pageAction: null, isSession: null, cookies: null };
      expect((await apiFor(emulator.url).createTask(task)).json?.errorId).toBe(0);
      const turnstile = turnstileTask({ metadata: { action: 'login', cdata: null } });
      expect((await apiFor(emulator.url).createTask(turnstile)).json?.errorId).toBe(0);
      const proxied = { ...exampleTask('ReCaptchaV2EnterpriseTask'), proxyLogin: null, proxyPassword: null };
      expect((await apiFor(emulator.url).createTask(proxied)).json?.errorId).toBe(0);
    });

    it('reports a required field sent as null as missing', async () => {
      const { json } = await apiFor(emulator.url).createTask(turnstileTask({ websiteKey: null }));
      expect(json).toMatchObject({
        errorCode: 'ERROR_INVALID_TASK_DATA',
        errorDescription: 'task.websiteKey is required',
      });
      const noProxy = await apiFor(emulator.url).createTask({ ...exampleTask('AntiAwsWafTask'), proxy: null });
      expect(noProxy.json).toMatchObject({
        errorCode: 'ERROR_INVALID_TASK_DATA',
        errorDescription: 'task.proxy is required',
      });
      expect((await call(emulator.url, 'getBalance', { clientKey: null })).status).toBe(401);
    });
  });

  describe('keys match case-insensitively', () => {
    it('takes the key as ClientKey (the official Go SDK) on every method', async () => {
      const created = await call(emulator.url, 'createTask', { ClientKey: KEY, task: turnstileTask() });
      expect(created.json?.errorId).toBe(0);
      const polled = await call(emulator.url, 'getTaskResult', { ClientKey: KEY, taskId: created.json?.taskId });
      expect(polled.json?.errorId).toBe(0);
      expect((await call(emulator.url, 'getBalance', { ClientKey: KEY })).json?.errorId).toBe(0);
      expect((await call(emulator.url, 'getBalance', { CLIENTKEY: KEY })).json?.errorId).toBe(0);
    });

    it('matches Task, TaskId and the keys inside a task object', async () => {
      const task = { Type: 'AntiTurnstileTaskProxyLess', WebsiteURL: 'https://example.com/', websitekey: '0x4AAAA' };
      const created = await call(emulator.url, 'createTask', { clientKey: KEY, Task: task });
      expect(created.json).toMatchObject({ errorId: 0, taskId: expect.any(String) });
      const result = await call(emulator.url, 'getTaskResult', { clientKey: KEY, TaskId: created.json?.taskId });
      expect(result.json?.errorId).toBe(0);
    });

    it('prefers the exact spelling when a key comes twice', async () => {
      expect((await call(emulator.url, 'getBalance', { clientKey: KEY, CLIENTKEY: 'wrong' })).json?.errorId).toBe(0);
      expect((await call(emulator.url, 'getBalance', { clientKey: 'wrong', ClientKey: KEY })).status).toBe(401);
    });

    it('still refuses other vendors’ key names (client_key, apiKey)', async () => {
      expect((await call(emulator.url, 'getBalance', { client_key: KEY })).status).toBe(401);
      expect((await call(emulator.url, 'getBalance', { apiKey: KEY })).status).toBe(401);
    });
  });

  describe('type names', () => {
    it.each(Object.entries(TASK_TYPE_ALIASES))('accepts the alias %s and reports %s', async (alias, canonical) => {
      const created = await apiFor(emulator.url).createTask({ ...exampleTask(canonical), type: alias });
      expect(created.json?.errorId).toBe(0);
      expect(emulator.stats().tasks.at(-1)?.type).toBe(canonical);
    });

    it('matches any letter case, and validates the task under its canonical type', async () => {
      const api = apiFor(emulator.url);
      const created = await api.createTask({ ...turnstileTask(), type: 'antiturnstiletaskproxyless' });
      expect(created.json?.errorId).toBe(0);
      const result = await pollUntilSettled(emulator.url, created.json?.taskId);
      expect(result.json?.solution).toMatchObject({ token: expect.any(String) });
      expect(emulator.stats().tasks[0]?.type).toBe('AntiTurnstileTaskProxyLess');
      const { websiteKey: _dropped, ...incomplete } = turnstileTask();
      expect((await api.createTask({ ...incomplete, type: 'ANTITURNSTILETASKPROXYLESS' })).json).toMatchObject({
        errorCode: 'ERROR_INVALID_TASK_DATA',
        errorDescription: 'task.websiteKey is required',
      });
    });

    it('answers a recognition task spelled another way inside createTask', async () => {
      const { json } = await apiFor(emulator.url).createTask({
        ...exampleTask('ImageToTextTask'),
        type: 'imagetotexttask',
      });
      expect(json).toMatchObject({ errorId: 0, status: 'ready', solution: { text: expect.any(String) } });
    });

    it('still refuses unknown and removed types', async () => {
      const api = apiFor(emulator.url);
      expect(
        (await api.createTask({ type: 'HCaptchaTaskProxyLess', websiteURL: 'u', websiteKey: 'k' })).json,
      ).toMatchObject({
        errorCode: 'ERROR_TASK_NOT_SUPPORTED',
        errorDescription: 'task type HCaptchaTaskProxyLess is not supported',
      });
    });

    it('applies getToken’s type list to aliases too', async () => {
      const ok = await call(emulator.url, 'getToken', {
        clientKey: KEY,
        task: { ...exampleTask('ReCaptchaV2TaskProxyLess'), type: 'ReCaptchaV2TaskProxyless' },
      });
      expect(ok.json).toMatchObject({ errorId: 0, status: 'ready' });
      const refused = await call(emulator.url, 'getToken', {
        clientKey: KEY,
        task: { ...turnstileTask(), type: 'AntiTurnstileTaskProxyless' },
      });
      expect(refused.json?.errorCode).toBe('ERROR_TASK_NOT_SUPPORTED');
    });
  });
});
