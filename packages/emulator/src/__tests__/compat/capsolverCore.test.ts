// Replay of the official capsolver-core (capsolver-ai/capsolver-core), from
// src/capsolver_core/core/client.py (CapsolverClient: create_task, get_task_solution,
// create_task_result, get_balance, _unwrap), core/tasks.py (build_recaptcha_v2_task,
// build_recaptcha_v3_task, build_cloudflare_task) and core/http.py (FetchHttp.post: retries 429 and
// 5xx with backoff, non-JSON bodies read as {}). Pointed at the emulator with its `service` option.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index.js';
import { API_KEY, ClientRaised, post, scaled, SITES, sleep, TIME_SCALE } from './wire.js';

const RETRY_STATUSES = [429, 500, 502, 503, 504];

interface CoreOptions {
  service: string;
  apiKey: string;
  /** Seconds (client.py defaults). */
  defaultTimeout?: number;
  pollingInterval?: number;
  appId?: string;
  source?: string;
  version?: string;
}

function capsolverCore(options: CoreOptions) {
  const { service, apiKey, defaultTimeout = 120, pollingInterval = 5 } = options;

  /** http.py FetchHttp.post: up to 3 attempts, backoff 1 s, 2 s on transient statuses; {} for non-JSON. */
  async function httpPost(method: 'createTask' | 'getTaskResult' | 'getBalance', body: Record<string, unknown>) {
    for (let attempt = 1; ; attempt++) {
      const answer = await post(service, method, body);
      if (RETRY_STATUSES.includes(answer.status) && attempt < 3) {
        await sleep(scaled(1_000 * 2 ** (attempt - 1)));
        continue;
      }
      return { status: answer.status, data: answer.json ?? {} };
    }
  }

  /** client.py _unwrap: any non-200 status, a non-zero errorId or a non-empty errorCode raises. */
  function unwrap({ status, data }: { status: number; data: Record<string, any> }, fallback: string) {
    if (status !== 200 || data.errorId || data.errorCode) {
      throw new ClientRaised(
        status === 429 ? 'RateLimitError' : 'CapsolverError',
        data.errorDescription ?? fallback,
        data,
      );
    }
    return data;
  }

  async function createTask(task: Record<string, unknown>) {
    const body: Record<string, unknown> = { clientKey: apiKey, task };
    if (options.appId) body.appId = options.appId;
    if (options.source) body.source = options.source;
    if (options.version) body.version = options.version;
    const data = unwrap(await httpPost('createTask', body), 'createTask failed');
    if (!data.taskId) throw new ClientRaised('CapsolverError', 'createTask returned an empty taskId', data);
    return data;
  }

  return {
    createTask,
    getBalance: async () => unwrap(await httpPost('getBalance', { clientKey: apiKey }), 'getBalance failed'),
    /** create_task_result: create, then poll at once and every pollingInterval until ready / failed / timeout. */
    async createTaskResult(task: Record<string, unknown>) {
      const { taskId } = await createTask(task);
      const startedAt = performance.now();
      for (;;) {
        if (performance.now() - startedAt > scaled(defaultTimeout * 1_000)) {
          throw new ClientRaised('CapsolverTimeoutError', `timed out after ${defaultTimeout}s`);
        }
        const state = unwrap(await httpPost('getTaskResult', { clientKey: apiKey, taskId }), 'getTaskResult failed');
        if (state.status === 'ready') return state;
        if (state.status === 'failed')
          throw new ClientRaised('CapsolverError', state.errorDescription ?? 'Task failed', state);
        await sleep(scaled(pollingInterval * 1_000));
      }
    },
  };
}

/** tasks.py builders: only the options given are set; the type follows the proxy. */
const buildRecaptchaV2Task = (o: { websiteURL: string; websiteKey: string; invisible?: boolean; proxy?: string }) => ({
  type: o.proxy ? 'ReCaptchaV2Task' : 'ReCaptchaV2TaskProxyLess',
  websiteURL: o.websiteURL,
  websiteKey: o.websiteKey,
  ...(o.invisible === undefined ? {} : { invisible: o.invisible }),
  ...(o.proxy ? { proxy: o.proxy } : {}),
});
const buildCloudflareTask = (o: { websiteURL: string; websiteKey: string; action?: string; proxy?: string }) => ({
  type: o.proxy ? 'AntiTurnstileTask' : 'AntiTurnstileTaskProxyLess',
  websiteURL: o.websiteURL,
  websiteKey: o.websiteKey,
  ...(o.action ? { metadata: { type: 'turnstile', action: o.action } } : {}),
  ...(o.proxy ? { proxy: o.proxy } : {}),
});

describe('official capsolver-core (capsolver-ai) against the strict emulator', () => {
  let emulator: Emulator;
  afterEach(() => emulator.close());

  it('solves the tasks its builders make, with its appId/source/version tags', async () => {
    emulator = await startEmulator({ seed: 47, timeScale: TIME_SCALE });
    const client = capsolverCore({
      service: emulator.url,
      apiKey: API_KEY,
      appId: 'APP-1',
      source: 'py',
      version: '1.0',
    });
    const results = await Promise.all([
      client.createTaskResult(buildRecaptchaV2Task({ ...SITES.recaptcha, invisible: true })),
      client.createTaskResult(buildRecaptchaV2Task({ ...SITES.recaptcha, proxy: 'http://user:pass@192.0.2.10:8080' })),
      client.createTaskResult({
        type: 'ReCaptchaV3TaskProxyLess',
        ...SITES.recaptchaV3,
        pageAction: 'homepage',
        minScore: 0.7,
      }),
      client.createTaskResult(buildCloudflareTask({ ...SITES.turnstile, action: 'login' })),
      // With a proxy it builds "AntiTurnstileTask", an undocumented name: the spec lists it as an alias.
      client.createTaskResult(buildCloudflareTask({ ...SITES.turnstile, proxy: 'socks5:192.0.2.10:1080:user:pass' })),
    ]);
    for (const result of results)
      expect(result).toMatchObject({ errorId: 0, status: 'ready', solution: expect.any(Object) });
    expect(results[3]?.solution).toMatchObject({ token: expect.any(String), type: 'turnstile' });
    const types = emulator.stats().tasks.map((task) => task.type);
    expect(types.filter((type) => type === 'AntiTurnstileTaskProxyLess')).toHaveLength(2);
  });

  it('polls a recognition task it already got inside createTask, and gets it again', async () => {
    emulator = await startEmulator({ seed: 48, timeScale: TIME_SCALE });
    const client = capsolverCore({ service: emulator.url, apiKey: API_KEY });
    const result = await client.createTaskResult({ type: 'ImageToTextTask', body: 'iVBORw0KGgo=' });
    expect(result).toMatchObject({ status: 'ready', solution: { text: expect.any(String) } });
  });

  it('reads the balance and raises on errorId or a non-empty errorCode', async () => {
    emulator = await startEmulator({ seed: 49, timeScale: TIME_SCALE });
    expect(await capsolverCore({ service: emulator.url, apiKey: API_KEY }).getBalance()).toMatchObject({
      balance: 100,
    });
    await expect(capsolverCore({ service: emulator.url, apiKey: 'CAP-WRONG' }).getBalance()).rejects.toMatchObject({
      answer: { errorCode: 'ERROR_KEY_DENIED_ACCESS' },
    });
    emulator.control.forceNext({ outcome: 'ERROR_PROXY_BANNED', solveTimeMs: 2_000 });
    await expect(
      capsolverCore({ service: emulator.url, apiKey: API_KEY }).createTaskResult(buildRecaptchaV2Task(SITES.recaptcha)),
    ).rejects.toMatchObject({ answer: { errorCode: 'ERROR_PROXY_BANNED' } });
  });

  it('retries a 503 from the gateway and goes on', async () => {
    emulator = await startEmulator({ seed: 50, timeScale: TIME_SCALE });
    emulator.control.scriptFaults([{ method: 'getTaskResult', kind: 'http503', times: 2 }]);
    const result = await capsolverCore({ service: emulator.url, apiKey: API_KEY }).createTaskResult(
      buildRecaptchaV2Task(SITES.recaptcha),
    );
    expect(result.status).toBe('ready');
    expect(emulator.stats().faultsInjected.http503).toBe(2);
  });
});
