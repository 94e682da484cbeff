import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixed, startEmulator, type Emulator } from '../index.js';
import { apiFor, pollUntilSettled } from './helpers/api.js';
import { exampleTask, imageTask, turnstileTask } from './helpers/tasks.js';

// Fake solutions look like real ones: the fields the service sends only for some task options
// appear only then, and values with a meaning stay in their documented range.
describe('realistic fake solutions', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    // 20 ms solves inside a 3 s lifetime: room for a loaded machine.
    emulator = await startEmulator({ seed: 71, timeScale: 0.01, solveTime: fixed(2_000) });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  async function solve(task: Record<string, unknown>): Promise<Record<string, unknown>> {
    const created = await apiFor(emulator.url).createTask(task);
    if (created.json?.status === 'ready') return created.json.solution;
    return (await pollUntilSettled(emulator.url, created.json?.taskId)).json?.solution;
  }

  it.each(['ReCaptchaV2TaskProxyLess', 'ReCaptchaV3EnterpriseTask'] as const)(
    '%s carries recaptcha-ca-t / recaptcha-ca-e only with isSession',
    async (type) => {
      const plain = await solve(exampleTask(type));
      expect(plain).toMatchObject({ gRecaptchaResponse: expect.any(String), userAgent: expect.any(String) });
      expect(plain).not.toHaveProperty('recaptcha-ca-t');
      expect(plain).not.toHaveProperty('recaptcha-ca-e');
      expect(await solve({ ...exampleTask(type), isSession: false })).not.toHaveProperty('recaptcha-ca-t');
      const session = await solve({ ...exampleTask(type), isSession: true });
      expect(session).toMatchObject({ 'recaptcha-ca-t': expect.any(String), 'recaptcha-ca-e': expect.any(String) });
    },
  );

  it('answers Turnstile with type "turnstile"', async () => {
    expect(await solve(turnstileTask())).toMatchObject({ token: expect.any(String), type: 'turnstile' });
  });

  it('answers ImageToText with a short text and a confidence between the score and 1', async () => {
    const confidences: number[] = [];
    for (let i = 0; i < 20; i++) {
      const solution = await solve(imageTask());
      expect(solution.text).toMatch(/^[0-9a-f]{6}$/);
      expect(solution).not.toHaveProperty('answers');
      confidences.push(solution.confidence as number);
    }
    for (const confidence of confidences) {
      expect(confidence).toBeGreaterThanOrEqual(0.8);
      expect(confidence).toBeLessThanOrEqual(1);
    }
    const strict = await solve(imageTask({ score: 0.95 }));
    expect(strict.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('answers one answer per image for module number', async () => {
    const { body: _body, ...rest } = imageTask();
    const solution = await solve({ ...rest, module: 'number', images: ['aGk=', 'aGk=', 'aGk='] });
    expect(solution.answers).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
  });

  it('serves MtCaptchaTask without a proxy (optional, as the docs table says)', async () => {
    const { proxy: _proxy, ...bare } = exampleTask('MtCaptchaTask');
    expect(await solve(bare)).toMatchObject({ token: expect.any(String) });
    const partial = await apiFor(emulator.url).createTask({ ...bare, proxyType: 'http', proxyAddress: '192.0.2.1' });
    expect(partial.json).toMatchObject({ errorCode: 'ERROR_INVALID_TASK_DATA' });
  });
});
