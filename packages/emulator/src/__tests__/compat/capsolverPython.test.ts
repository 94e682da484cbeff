// Replay of the official Python SDK, capsolver/capsolver-python (`pip install capsolver`), from
// src/capsolver/capsolver.py (solve, postTask, getTask, balance), src/capsolver/api_requestor.py
// (request_raw, handle_error_response, _interpret_response_line) and src/capsolver/check.py.
// Pointed at the emulator through its own `capsolver.api_base` (env CAPSOLVER_API_BASE).
import { afterEach, describe, expect, it } from 'vitest';
import { fixed, startEmulator, type Emulator, type EmulatorOptions } from '../../index.js';
import { API_KEY, ClientRaised, PNG, post, scaled, SITES, sleep, TIME_SCALE, type WireAnswer } from './wire.js';

/** check.py SUPPORT_TASK_TYPE: the SDK refuses any other name before sending anything. */
const SUPPORT_TASK_TYPE = [
  'HCaptchaTask',
  'HCaptchaTaskProxyLess',
  'HCaptchaEnterpriseTask',
  'HCaptchaEnterpriseTaskProxyLess',
  'FunCaptchaTask',
  'FunCaptchaTaskProxyLess',
  'GeeTestTask',
  'GeeTestTaskProxyLess',
  'ReCaptchaV2Task',
  'ReCaptchaV2TaskProxyLess',
  'ReCaptchaV2EnterpriseTaskProxyLess',
  'ReCaptchaV2EnterpriseTask',
  'ReCaptchaV3Task',
  'ReCaptchaV3TaskProxyLess',
  'MtCaptchaTask',
  'MtCaptchaTaskProxyLess',
  'DataDomeSliderTask',
  'AntiCloudflareTask',
  'AntiKasadaTask',
  'AntiAkamaiBMPTask',
  'ImageToTextTask',
  'HCaptchaClassification',
  'FunCaptchaClassification',
  'AwsWafClassification',
];

/** capsolver.py: `_DEFAULT_RETRIES` polls, `_DEFAULT_INTERVAL` seconds apart (sleep first). */
const DEFAULT_RETRIES = 60;
const DEFAULT_INTERVAL_MS = 1_000;

/** The official Python SDK, as a user calls it: `capsolver.api_key = …; capsolver.solve({...})`. */
function officialPython(apiBase: string, apiKey: string) {
  // api_requestor.request_headers: a bearer header and a client UA alongside the body key.
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${apiKey}`,
    'user-agent': 'capsolver PythonBindings',
    'x-capsolver-client-user-agent': JSON.stringify({ httplib: 'requests', lang: 'python', publisher: 'capsolver' }),
  };

  /** APIRequestor.request: body = {"clientKey": key, **params}; errorId != 0 -> an error by HTTP status. */
  async function request(url: '/createTask' | '/getTaskResult' | '/getBalance', params: Record<string, unknown>) {
    const answer: WireAnswer = await post(apiBase, url.slice(1) as never, { clientKey: apiKey, ...params }, headers);
    if (answer.status === 503) throw new ClientRaised('ServiceUnavailableError', 'The server is overloaded');
    if (answer.json === undefined) throw new ClientRaised('APIError', `HTTP code ${answer.status} from API`);
    const resp = answer.json;
    if (resp.errorId !== 0) {
      const kind =
        {
          429: 'RateLimitError',
          400: 'InvalidRequestError',
          401: 'AuthenticationError',
          403: 'InsufficientCreditError',
        }[answer.status] ?? 'UnknownError';
      throw new ClientRaised(kind, String(resp.errorDescription), resp);
    }
    return resp;
  }

  /** A Python dict lookup: a missing key raises KeyError. */
  function key(dict: Record<string, any>, name: string): any {
    if (!Object.hasOwn(dict, name)) throw new ClientRaised('KeyError', `'${name}'`, dict);
    return dict[name];
  }

  /** Capsolver.getTask: sleep, poll; continue only on "processing"; anything else is returned. */
  async function getTask(taskId: string) {
    for (let attempt = 0; attempt < DEFAULT_RETRIES; attempt++) {
      await sleep(scaled(DEFAULT_INTERVAL_MS));
      const r = await request('/getTaskResult', { taskId });
      if (key(r, 'status') === 'processing') continue;
      return r;
    }
    throw new ClientRaised('Timeout', 'Failed to get results');
  }

  return {
    /** Capsolver.solve: check, createTask; `ready` -> solution, else getTask(...)['solution']. */
    async solve(params: Record<string, unknown>) {
      if (!SUPPORT_TASK_TYPE.includes(String(params.type)))
        throw new ClientRaised('CapsolverError', 'unsupport TaskType');
      const r = await request('/createTask', { task: params });
      if (key(r, 'status') === 'ready') return key(r, 'solution');
      return key(await getTask(key(r, 'taskId')), 'solution');
    },
    /** Capsolver.balance: the whole answer dict. */
    balance: () => request('/getBalance', {}),
  };
}

describe('official Python SDK (capsolver/capsolver-python) against the strict emulator', () => {
  let emulator: Emulator;
  const start = async (options: EmulatorOptions = {}) => {
    emulator = await startEmulator({ seed: 31, timeScale: TIME_SCALE, ...options });
    return officialPython(emulator.url, API_KEY);
  };
  afterEach(() => emulator.close());

  it('solves token tasks at real solve times: it polls again only on "processing"', async () => {
    const capsolver = await start();
    const tasks = [
      { type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha },
      { type: 'ReCaptchaV3TaskProxyLess', ...SITES.recaptchaV3, pageAction: 'homepage' },
      { type: 'GeeTestTaskProxyLess', ...SITES.geetestV3 },
      // check.py lists the docs' table spelling DataDomeSliderTask (canonical: DatadomeSliderTask).
      { type: 'DataDomeSliderTask', ...SITES.datadome },
      { type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha },
      { type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha },
    ];
    const solutions = await Promise.all(tasks.map((task) => capsolver.solve(task)));
    expect(solutions[0]).toMatchObject({ gRecaptchaResponse: expect.any(String) });
    expect(solutions[2]).toMatchObject({ challenge: expect.any(String), validate: expect.any(String) });
    expect(solutions[3]).toMatchObject({ cookie: expect.any(String) });
    const stats = emulator.stats();
    expect(stats.tasks.map((task) => task.type)).toContain('DatadomeSliderTask');
    // The solve times spread over 0.1–3 s, so most tasks were polled several times while processing.
    expect(Math.max(...Object.values(stats.queriesByTask))).toBeGreaterThan(3);
    expect(stats.queriesAfterExpiry + stats.queriesOverBudget).toBe(0);
  });

  it('would lose every task whose first poll sees "idle" (why idle is opt-in)', async () => {
    // With idle for the first half of a 20 s (2 s real) solve, its first poll at 1 s (100 ms) sees
    // idle, getTask returns that answer, and solve() reads a missing 'solution'.
    const capsolver = await start({ idleFraction: 0.5, solveTime: fixed(20_000) });
    await expect(capsolver.solve({ type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha })).rejects.toMatchObject({
      kind: 'KeyError',
      message: "KeyError: 'solution'",
    });
  });

  it('gets recognition answers inside createTask (status "ready")', async () => {
    const capsolver = await start();
    expect(await capsolver.solve({ type: 'ImageToTextTask', module: 'common', body: PNG })).toMatchObject({
      text: expect.any(String),
    });
    const aws = await capsolver.solve({
      type: 'AwsWafClassification',
      images: [PNG],
      question: 'aws:toycarcity:carcity',
    });
    expect(aws).toMatchObject({ box: expect.any(Array) });
    expect(emulator.stats().requestsByMethod.getTaskResult ?? 0).toBe(0);
  });

  it('reads the balance and maps refusals to its exception classes by HTTP status', async () => {
    const capsolver = await start();
    expect(await capsolver.balance()).toMatchObject({ errorId: 0, balance: 100 });
    await expect(officialPython(emulator.url, 'CAP-WRONG').balance()).rejects.toMatchObject({
      kind: 'AuthenticationError',
    });
    await expect(
      capsolver.solve({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://x.test/' }),
    ).rejects.toMatchObject({
      kind: 'InvalidRequestError',
      message: 'InvalidRequestError: task.websiteKey is required',
    });
  });

  it('surfaces an unsolvable task from getTaskResult as InvalidRequestError (HTTP 400)', async () => {
    const capsolver = await start();
    emulator.control.forceNext({ outcome: 'unsolvable', solveTimeMs: 3_000 });
    await expect(capsolver.solve({ type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha })).rejects.toMatchObject({
      kind: 'InvalidRequestError',
      answer: { errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' },
    });
  });
});
