// Replay of the official CapSolver browser extension's API client, from its background.js as
// published (the built service worker; a copy is public in Frag1k/capsolver-browser-extension):
// the fetch wrapper (POST JSON, `data: await response.json()`), the client class (createTask,
// getTaskSolution, createTaskResult, createRecognitionTask, getBalance, getProxyParams) and the
// per-captcha task builders (reCAPTCHA v2/v3 with `enterprisePayload: { s }`, ImageToText,
// ReCaptchaV2Classification). Its `service` option is the base URL.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index.js';
import { API_KEY, ClientRaised, PNG, post, scaled, SITES, sleep, TIME_SCALE } from './wire.js';

interface ExtensionConfig {
  apiKey: string;
  appId?: string;
  useProxy?: boolean;
  proxyType?: string;
  hostOrIp?: string;
  port?: number;
  proxyLogin?: string;
  proxyPassword?: string;
}

function extensionClient(service: string, config: ExtensionConfig) {
  /** Every method: a non-200 status, a truthy errorCode or a truthy errorId throws errorDescription. */
  async function call(method: 'createTask' | 'getTaskResult' | 'getBalance', body: Record<string, unknown>) {
    const answer = await post(service, method, { clientKey: config.apiKey, ...body });
    const data = answer.json;
    if (answer.status !== 200 || data?.errorCode || data?.errorId) {
      throw new ClientRaised('Error', data?.errorDescription || `${method} fail!`, data);
    }
    return data ?? {};
  }

  async function createTask(request: { task: Record<string, unknown>; appId?: string }) {
    const data = await call('createTask', request);
    if (!data.taskId) throw new ClientRaised('Error', 'taskIs is empty!', data);
    return data;
  }

  return {
    getBalance: () => call('getBalance', {}),
    /** createTaskResult: appId and proxy from the config, then sleep pollingInterval (5 s) before each query. */
    async createTaskResult(request: { task: Record<string, unknown>; appId?: string }, timeoutS = 120, intervalS = 5) {
      if (config.appId) request.appId = config.appId;
      if (config.useProxy) {
        Object.assign(request.task, {
          proxyType: config.proxyType,
          proxyAddress: config.hostOrIp,
          proxyPort: config.port,
          proxyLogin: config.proxyLogin,
          proxyPassword: config.proxyPassword,
          type: String(request.task.type).replace('ProxyLess', ''),
        });
      }
      const { taskId } = await createTask(request);
      const started = performance.now();
      while (performance.now() - started <= scaled(timeoutS * 1_000)) {
        await sleep(scaled(intervalS * 1_000));
        const solution = await call('getTaskResult', { taskId });
        if (solution.status === 'ready') return solution;
      }
      throw new ClientRaised('Error', `Timeout ${timeoutS} seconds reached`);
    },
    /** createRecognitionTask: the answer inside createTask; errorId must be exactly 0 and a taskId present. */
    async createRecognitionTask(request: { task: Record<string, unknown>; appId?: string }) {
      if (config.appId) request.appId = config.appId;
      const answer = await post(service, 'createTask', { clientKey: config.apiKey, ...request });
      const data = answer.json;
      if (answer.status !== 200 || data?.errorCode || data?.errorId !== 0) {
        throw new ClientRaised('Error', data?.errorDescription || 'createTask fail!', data);
      }
      if (!data.taskId) throw new ClientRaised('Error', 'taskIs is empty!', data);
      return data;
    },
  };
}

/** The widget data the content script hands over (the `s` value is often missing). */
const widget = { url: SITES.recaptcha.websiteURL, sitekey: SITES.recaptcha.websiteKey, s: undefined };

describe('official CapSolver browser extension (background.js) against the strict emulator', () => {
  let emulator: Emulator;
  afterEach(() => emulator.close());

  it('solves reCAPTCHA v2 and v3 in token mode, with an empty enterprisePayload', async () => {
    emulator = await startEmulator({ seed: 53, timeScale: TIME_SCALE });
    const client = extensionClient(emulator.url, { apiKey: API_KEY, appId: 'EXT-APP' });
    const [v2, v3] = await Promise.all([
      client.createTaskResult({
        task: {
          type: 'ReCaptchaV2TaskProxyLess',
          websiteURL: widget.url,
          websiteKey: widget.sitekey,
          enterprisePayload: { s: widget.s },
        },
      }),
      client.createTaskResult({
        task: {
          type: 'ReCaptchaV3TaskProxyLess',
          websiteURL: SITES.recaptchaV3.websiteURL,
          websiteKey: SITES.recaptchaV3.websiteKey,
          pageAction: undefined,
          enterprisePayload: { s: widget.s },
        },
      }),
    ]);
    // The extension reads solution.gRecaptchaResponse of a ready answer.
    expect(v2.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(v3.solution.gRecaptchaResponse).toEqual(expect.any(String));
  });

  it('sends its proxy settings as split fields on the proxy type (useProxy)', async () => {
    emulator = await startEmulator({ seed: 54, timeScale: TIME_SCALE });
    const client = extensionClient(emulator.url, {
      apiKey: API_KEY,
      useProxy: true,
      proxyType: 'http',
      hostOrIp: '192.0.2.10',
      port: 8080,
      proxyLogin: '',
      proxyPassword: '',
    });
    const result = await client.createTaskResult({
      task: {
        type: 'ReCaptchaV2TaskProxyLess',
        websiteURL: widget.url,
        websiteKey: widget.sitekey,
        enterprisePayload: {},
      },
    });
    expect(result.status).toBe('ready');
    expect(emulator.stats().tasks[0]?.type).toBe('ReCaptchaV2Task');
  });

  it('gets image-to-text and reCAPTCHA grid answers inside createTask', async () => {
    emulator = await startEmulator({ seed: 55, timeScale: TIME_SCALE });
    const client = extensionClient(emulator.url, { apiKey: API_KEY });
    const text = await client.createRecognitionTask({ task: { type: 'ImageToTextTask', body: PNG } });
    expect(text).toMatchObject({ status: 'ready', solution: { text: expect.any(String) } });
    const grid = await client.createRecognitionTask({
      task: { type: 'ReCaptchaV2Classification', image: PNG, question: '/m/04_sv' },
    });
    expect(grid).toMatchObject({ status: 'ready', solution: expect.any(Object) });
  });

  it('shows the balance, and the errorDescription of a refusal', async () => {
    emulator = await startEmulator({ seed: 56, timeScale: TIME_SCALE });
    expect(await extensionClient(emulator.url, { apiKey: API_KEY }).getBalance()).toMatchObject({ balance: 100 });
    await expect(extensionClient(emulator.url, { apiKey: 'CAP-WRONG' }).getBalance()).rejects.toMatchObject({
      answer: { errorCode: 'ERROR_KEY_DENIED_ACCESS' },
    });
  });
});
