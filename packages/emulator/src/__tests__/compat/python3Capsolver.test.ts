// Replay of python3-capsolver (AndreiDrang/python3-capsolver), the msgspec releases, from
// src/python3_capsolver/core/serializer.py (PostRequestSer with `callbackUrl: Optional[str] = None`,
// RequestCreateTaskSer's APP_ID, RequestGetTaskResultSer, CaptchaResponseSer; `to_dict()` keeps
// None values, so they go out as JSON null), core/base.py (CaptchaParams: sleep_time 5, request_url),
// core/sio_captcha_instrument.py (processing_captcha, __create_task, __get_result), core/utils.py
// (attempts_generator: 15 attempts) and core/const.py (VALID_STATUS_CODES, APP_ID). Its getBalance
// (control.py, Control.get_balance) is the pydantic release's: body {clientKey, task: {}}.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index.js';
import { API_KEY, ClientRaised, PNG, post, scaled, SITES, sleep, TIME_SCALE } from './wire.js';

const APP_ID = '3E36E3CD-7EB5-4CAF-AA15-91011E652321';
const VALID_STATUS_CODES = [200, 202, 400, 401, 405];
const ATTEMPTS = 15;
/** CaptchaResponseSer's fields: a msgspec Struct refuses any other keyword (TypeError). */
const RESPONSE_FIELDS = ['errorId', 'errorCode', 'errorDescription', 'taskId', 'status', 'solution'];

/** `CaptchaResponseSer(**resp.json())`: defaults for missing fields, TypeError for unknown ones. */
function captchaResponseSer(json: Record<string, any> | undefined): Record<string, any> {
  const data = json ?? {};
  const unknown = Object.keys(data).find((key) => !RESPONSE_FIELDS.includes(key));
  if (unknown !== undefined) throw new ClientRaised('TypeError', `Unexpected keyword argument '${unknown}'`, data);
  return {
    errorId: 0,
    errorCode: null,
    errorDescription: null,
    taskId: null,
    status: 'processing',
    solution: null,
    ...data,
  };
}

/** `ReCaptcha(api_key=…, captcha_type=…, request_url=…).captcha_handler(task_payload={...})`. */
function python3Capsolver(requestUrl: string, apiKey: string, captchaType: string, sleepTimeS = 5) {
  async function send(method: 'createTask' | 'getTaskResult', payload: Record<string, unknown>) {
    const answer = await post(requestUrl, method, payload);
    // `if resp.status_code in VALID_STATUS_CODES: return resp.json()` else raise_for_status().
    if (!VALID_STATUS_CODES.includes(answer.status)) throw new ClientRaised('HTTPError', String(answer.status));
    return captchaResponseSer(answer.json);
  }

  return {
    async captchaHandler(taskPayload: Record<string, unknown>): Promise<Record<string, any>> {
      const created = await send('createTask', {
        clientKey: apiKey,
        task: { type: captchaType, ...taskPayload },
        callbackUrl: null,
        appId: APP_ID,
      });
      // processing_captcha: poll only when the task was accepted and is "processing".
      if (!(created.errorId === 0 && created.status === 'processing')) {
        return created.errorId === 0 ? created : { ...created, status: 'failed' };
      }
      await sleep(scaled(sleepTimeS * 1_000));
      for (let attempt = 1; attempt < ATTEMPTS + 1; attempt++) {
        const result = await send('getTaskResult', { clientKey: apiKey, taskId: created.taskId });
        if (result.status === 'ready' || result.status === 'failed') return result;
        await sleep(scaled(sleepTimeS * 1_000));
      }
      return { errorId: 1, errorCode: 'ERROR_CAPTCHA_UNSOLVABLE', taskId: created.taskId, status: 'failed' };
    },
  };
}

describe('python3-capsolver (AndreiDrang) against the strict emulator', () => {
  let emulator: Emulator;
  afterEach(() => emulator.close());

  it('creates tasks with "callbackUrl": null and other unset options as null, and polls them to ready', async () => {
    emulator = await startEmulator({ seed: 41, timeScale: TIME_SCALE });
    const results = await Promise.all([
      python3Capsolver(emulator.url, API_KEY, 'ReCaptchaV2TaskProxyLess').captchaHandler({
        ...SITES.recaptcha,
        pageAction: null,
        isInvisible: null,
        proxy: null,
      }),
      python3Capsolver(emulator.url, API_KEY, 'ReCaptchaV3TaskProxyLess').captchaHandler({
        ...SITES.recaptchaV3,
        pageAction: 'verify',
        enterprisePayload: null,
      }),
      // CloudflareTurnstileSer: metadata required, html Optional (None).
      python3Capsolver(emulator.url, API_KEY, 'AntiTurnstileTaskProxyLess').captchaHandler({
        ...SITES.turnstile,
        metadata: { action: 'login' },
        html: null,
      }),
      python3Capsolver(emulator.url, API_KEY, 'GeeTestTaskProxyLess').captchaHandler({
        ...SITES.geetestV3,
        geetestApiServerSubdomain: null,
      }),
    ]);
    for (const result of results)
      expect(result).toMatchObject({ errorId: 0, status: 'ready', solution: expect.any(Object) });
    expect(results[0]?.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(results[2]?.solution.token).toEqual(expect.any(String));
    expect(emulator.stats().errorsByCode).toEqual({});
  });

  it('returns a recognition answer straight from createTask (status "ready": no polling)', async () => {
    emulator = await startEmulator({ seed: 42, timeScale: TIME_SCALE });
    const result = await python3Capsolver(emulator.url, API_KEY, 'ImageToTextTask').captchaHandler({
      body: PNG,
      module: null,
    });
    expect(result).toMatchObject({ errorId: 0, status: 'ready', solution: { text: expect.any(String) } });
    expect(emulator.stats().requestsByMethod.getTaskResult ?? 0).toBe(0);
  });

  it('hands a refusal back as a failed result (HTTP 400 is one of its valid status codes)', async () => {
    emulator = await startEmulator({ seed: 43, timeScale: TIME_SCALE });
    const result = await python3Capsolver(emulator.url, API_KEY, 'ReCaptchaV2TaskProxyLess').captchaHandler({
      websiteURL: SITES.recaptcha.websiteURL,
      websiteKey: null,
    });
    expect(result).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_INVALID_TASK_DATA',
      errorDescription: 'task.websiteKey is required',
      status: 'failed',
    });
  });

  it('reads the balance with its {clientKey, task: {}} body (control.py)', async () => {
    emulator = await startEmulator({ seed: 44, timeScale: TIME_SCALE });
    const answer = await post(emulator.url, 'getBalance', { clientKey: API_KEY, task: {} });
    expect(answer).toMatchObject({ status: 200, json: { errorId: 0, balance: 100 } });
  });
});
