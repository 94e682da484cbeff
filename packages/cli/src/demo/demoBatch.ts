import type { Task } from '@capkit/api';

/** One task of the demo batch and what it is meant to show. */
export interface DemoTask {
  /** Shown in the summary: why this task is in the batch. */
  scenario: string;
  /** `solved`, or the error code the task must fail with. */
  expect: 'solved' | string;
  task: Task;
}

/** A 1×1 PNG: enough for the emulator's recognition tasks. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** The emulator's force hint (a reserved `.test` URL, never a real site); see `@capkit/emulator`. */
const FORCE = 'https://emulator.capkit.test/force/';
const RECAPTCHA_DEMO = {
  websiteURL: 'https://www.google.com/recaptcha/api2/demo',
  websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
};

/**
 * The demo's mixed batch: recognition tasks answered inline, token tasks polled with the real limits,
 * a task that walks idle → processing → ready, and two forced failures (one found while polling, one
 * refused by createTask). Every task passes the spec's validation; the failures come from the
 * emulator's force hints, exactly as a real service would report them.
 */
export const DEMO_BATCH: readonly DemoTask[] = [
  {
    scenario: 'recognition, answered inline',
    expect: 'solved',
    task: { type: 'ImageToTextTask', module: 'common', body: PNG },
  },
  {
    scenario: 'recognition, answered inline',
    expect: 'solved',
    task: { type: 'ReCaptchaV2Classification', image: PNG, question: '/m/04_sv' },
  },
  { scenario: 'token, polled', expect: 'solved', task: { type: 'ReCaptchaV2TaskProxyLess', ...RECAPTCHA_DEMO } },
  {
    scenario: 'token, polled',
    expect: 'solved',
    task: {
      type: 'ReCaptchaV3TaskProxyLess',
      websiteURL: 'https://example.com/login',
      websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
      pageAction: 'login',
    },
  },
  {
    scenario: 'token, polled',
    expect: 'solved',
    task: {
      type: 'AntiTurnstileTaskProxyLess',
      websiteURL: 'https://example.com',
      websiteKey: '0x4AAAAAAABS7vwvV6VFfMcD',
    },
  },
  {
    scenario: 'statuses idle → processing → ready',
    expect: 'solved',
    task: {
      type: 'GeeTestTaskProxyLess',
      websiteURL: `${FORCE}ready?statuses=idle,processing,processing,ready`,
      gt: '022397c99c9f646f6477822485f30404',
      challenge: '12345678abc90123d45678ef90123a456b',
    },
  },
  {
    scenario: 'token, polled',
    expect: 'solved',
    task: {
      type: 'MtCaptchaTaskProxyLess',
      websiteURL: 'https://example.com/signup',
      websiteKey: 'MTPublic-tqNCRE0GS',
    },
  },
  {
    scenario: 'forced: unsolvable while polling',
    expect: 'ERROR_CAPTCHA_UNSOLVABLE',
    task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: `${FORCE}unsolvable`, websiteKey: RECAPTCHA_DEMO.websiteKey },
  },
  {
    scenario: 'forced: refused by createTask',
    expect: 'ERROR_INVALID_IMAGE',
    task: { type: 'ImageToTextTask', websiteURL: `${FORCE}ERROR_INVALID_IMAGE`, body: PNG },
  },
];
