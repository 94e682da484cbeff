// Replay of the official Go SDK, capsolver/capsolver-go, from capsolver.go (Solve, Balance),
// request.go (request: json.Marshal, http.Post with content type "json/application", json.Unmarshal
// with its error ignored), types.go (capSolverRequest's `json:"ClientKey"` tag, capSolverResponse,
// solution), check.go (checkParams) and constant.go (TASK_TIMEOUT 45, env CAPSOLVER_API_HOST).
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index.js';
import { API_KEY, ClientRaised, PNG, post, scaled, SITES, sleep, TIME_SCALE } from './wire.js';

const TASK_TIMEOUT = 45;
/** check.go SUPPORT_CAPTCHA_TYPES (exact names: "you need to pay attention to capitalization"). */
const SUPPORT_CAPTCHA_TYPES = [
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
  'ReCaptchaV3EnterpriseTask',
  'ReCaptchaV3EnterpriseTaskProxyLess',
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

type GoKind = 'string' | 'int' | 'float' | 'stringSlice' | 'object';
/** The fields of types.go capSolverResponse and solution that Solve's callers read, with their Go types. */
const RESPONSE_FIELDS: Record<string, GoKind> = {
  errorId: 'int',
  errorCode: 'string',
  errorDescription: 'string',
  status: 'string',
  solution: 'object',
  taskId: 'string',
  balance: 'float',
  packages: 'stringSlice',
};
const SOLUTION_FIELDS: Record<string, GoKind> = {
  text: 'string',
  userAgent: 'string',
  gRecaptchaResponse: 'string',
  challenge: 'string',
  validate: 'string',
  token: 'string',
  type: 'string',
};

function fits(value: unknown, kind: GoKind): boolean {
  if (kind === 'string') return typeof value === 'string';
  if (kind === 'int') return Number.isInteger(value);
  if (kind === 'float') return typeof value === 'number';
  if (kind === 'stringSlice') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  return typeof value === 'object' && value !== null;
}

/**
 * json.Unmarshal into a struct: each JSON key goes to the field whose tag matches it exactly, else
 * case-insensitively; unknown keys are dropped; a value of the wrong type leaves the zero value (the
 * SDK ignores Unmarshal's error).
 */
function goUnmarshal(json: Record<string, any> | undefined, fields: Record<string, GoKind>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, kind] of Object.entries(fields)) {
    const key = Object.hasOwn(json ?? {}, name)
      ? name
      : Object.keys(json ?? {}).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : json?.[key];
    if (value !== undefined && fits(value, kind)) out[name] = value;
  }
  return out;
}

/** The official Go SDK: `capsolver_go.ApiHost = url; CapSolver{}.Solve(map[string]any{...})`. */
function officialGo(apiHost: string, apiKey: string) {
  /** request.go: marshal capSolverRequest (ClientKey, task,omitempty, taskId,omitempty), POST it. */
  async function request(
    uri: 'createTask' | 'getTaskResult' | 'getBalance',
    fields: { task?: object; taskId?: string },
  ) {
    const body: Record<string, unknown> = { ClientKey: apiKey };
    if (fields.task) body.task = fields.task;
    if (fields.taskId) body.taskId = fields.taskId;
    const answer = await post(apiHost, uri, body, { 'content-type': 'json/application' });
    const response = goUnmarshal(answer.json, RESPONSE_FIELDS);
    // request.go presets Solution to an empty struct, so it is never nil.
    response.solution = goUnmarshal(response.solution, SOLUTION_FIELDS);
    return response;
  }

  /** check.go checkParams, for the types these tests send. */
  function checkParams(task: Record<string, unknown>): void {
    const type = String(task.type);
    if (!SUPPORT_CAPTCHA_TYPES.includes(type)) throw new ClientRaised('error', `unSupported Type ${type}`);
    const lower = type.toLowerCase();
    const need = (key: string) => {
      if (!Object.hasOwn(task, key)) throw new ClientRaised('error', `${lower} need ${key} param`);
    };
    if (lower.includes('recaptcha') || lower.includes('mtcaptcha')) ['websiteKey', 'websiteURL'].forEach(need);
    if (lower.includes('geetesttask')) ['gt', 'challenge'].forEach(need);
    // check.go looks the user agent up as "useragent": a map that passes spells it so.
    if (lower.includes('datadom')) ['proxy', 'useragent'].forEach(need);
  }

  return {
    /** capsolver.go Solve: createTask; ready -> done; else poll (query, then sleep 1 s) up to 45 times. */
    async solve(task: Record<string, unknown>) {
      checkParams(task);
      let capRes = await request('createTask', { task });
      if (capRes.errorId === 1) throw new ClientRaised('error', String(capRes.errorDescription ?? ''), capRes);
      if (capRes.status === 'ready') return capRes;
      const taskId = String(capRes.taskId ?? '');
      for (let i = 0; i < TASK_TIMEOUT; i++) {
        capRes = await request('getTaskResult', { taskId });
        await sleep(scaled(1_000));
        if (capRes.errorId === 1) throw new ClientRaised('error', String(capRes.errorDescription ?? ''), capRes);
        if (capRes.status === 'ready') break;
      }
      // After 45 polls it returns the last answer, ready or not, with a nil error.
      return capRes;
    },
    balance: () => request('getBalance', {}),
  };
}

describe('official Go SDK (capsolver/capsolver-go) against the strict emulator', () => {
  let emulator: Emulator;
  afterEach(() => emulator.close());

  it('authenticates with the ClientKey it sends, and solves token tasks', async () => {
    emulator = await startEmulator({ seed: 37, timeScale: TIME_SCALE });
    const capsolver = officialGo(emulator.url, API_KEY);
    const results = await Promise.all([
      capsolver.solve({ type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha }),
      capsolver.solve({ type: 'ReCaptchaV3TaskProxyLess', ...SITES.recaptchaV3, pageAction: 'login' }),
      capsolver.solve({ type: 'GeeTestTaskProxyLess', ...SITES.geetestV3 }),
      capsolver.solve({ type: 'MtCaptchaTaskProxyLess', ...SITES.mtcaptcha }),
      // Its check wants "useragent"; the emulator reads it as userAgent (keys match case-insensitively).
      capsolver.solve({
        type: 'DataDomeSliderTask',
        captchaUrl: SITES.datadome.captchaUrl,
        proxy: SITES.datadome.proxy,
        useragent: SITES.datadome.userAgent,
      }),
    ]);
    for (const result of results) expect(result).toMatchObject({ errorId: 0, status: 'ready' });
    expect(results[0]?.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(results[2]?.solution).toMatchObject({ challenge: expect.any(String), validate: expect.any(String) });
    expect(results[3]?.solution.token).toEqual(expect.any(String));
    const stats = emulator.stats();
    expect(stats.tasks.map((task) => task.type)).toEqual(
      expect.arrayContaining(['DatadomeSliderTask', 'GeeTestTaskProxyLess', 'MtCaptchaTaskProxyLess']),
    );
    expect(stats.errorsByCode).toEqual({});
  });

  it('gets a recognition answer inside createTask and reads the balance', async () => {
    emulator = await startEmulator({ seed: 38, timeScale: TIME_SCALE });
    const capsolver = officialGo(emulator.url, API_KEY);
    const result = await capsolver.solve({ type: 'ImageToTextTask', module: 'common', body: PNG });
    expect(result).toMatchObject({ status: 'ready', solution: { text: expect.any(String) } });
    const balance = await capsolver.balance();
    // packages ([]string in types.go) decodes from the service's empty list; balance is a float32.
    expect(balance).toMatchObject({ errorId: 0, balance: 99.999, packages: [] });
  });

  it('reports a wrong key and an invalid task through errorDescription', async () => {
    emulator = await startEmulator({ seed: 39, timeScale: TIME_SCALE });
    await expect(
      officialGo(emulator.url, 'CAP-WRONG').solve({ type: 'ReCaptchaV2TaskProxyLess', ...SITES.recaptcha }),
    ).rejects.toMatchObject({ answer: { errorCode: 'ERROR_KEY_DENIED_ACCESS' } });
    const capsolver = officialGo(emulator.url, API_KEY);
    await expect(
      capsolver.solve({
        type: 'DataDomeSliderTask',
        captchaUrl: SITES.datadome.captchaUrl,
        useragent: SITES.datadome.userAgent,
        proxy: '',
      }),
    ).rejects.toMatchObject({ answer: { errorCode: 'ERROR_INVALID_TASK_DATA' } });
  });
});
