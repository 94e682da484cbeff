import type { TaskKind } from './Contender.js';

/** The emulator's default key, used by every contender. */
export const API_KEY = 'CAP-EMULATOR-KEY';

export const SITE = {
  recaptcha: {
    websiteURL: 'https://www.google.com/recaptcha/api2/demo',
    websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  },
  turnstile: { websiteURL: 'https://example.com/login', websiteKey: '0x4AAAAAAAExampleKey' },
} as const;

/** The CapSolver task of each kind, as capkit and the hand-written loops send it. */
export const CAPSOLVER_TASKS = {
  recaptcha: { type: 'ReCaptchaV2TaskProxyLess', ...SITE.recaptcha },
  turnstile: { type: 'AntiTurnstileTaskProxyLess', ...SITE.turnstile },
} as const satisfies Record<TaskKind, { type: string }>;

/** Task types of the CapSolver tasks above. */
export const CAPSOLVER_TYPES: Record<TaskKind, string> = {
  recaptcha: CAPSOLVER_TASKS.recaptcha.type,
  turnstile: CAPSOLVER_TASKS.turnstile.type,
};
