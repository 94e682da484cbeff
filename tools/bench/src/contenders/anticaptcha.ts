import { createRequire } from 'node:module';
import type { AxiosStatic } from 'axios';
import type { Contender } from './Contender.js';
import { API_KEY, SITE } from './tasks.js';

const require = createRequire(import.meta.url);

interface AntiCaptcha {
  settings: {
    firstAttemptWaitingInterval: number;
    normalWaitingInterval: number;
  };
  setAPIKey(key: string): void;
  shutUp(): void;
  solveRecaptchaV2Proxyless(websiteURL: string, websiteKey: string): Promise<string>;
  solveTurnstileProxyless(websiteURL: string, websiteKey: string): Promise<string>;
}

/** The URL the official client posts to; the interceptor below sends it to the emulator instead. */
const SERVICE = 'https://api.anti-captcha.com/';

/**
 * The official anti-captcha client from npm (a CommonJS singleton that posts with axios to a
 * hard-coded URL). An axios request interceptor on the very axios it requires rewrites that URL to
 * the emulator; nothing else is touched. Its timing is its own defaults (first query after 5 s, then
 * every 2 s), scaled with the emulator. It needs numeric task ids (`while (taskId > 0)`).
 */
export const anticaptchaContender: Contender = {
  id: 'anticaptcha',
  name: 'anti-captcha official client',
  family: 'peer',
  // Its reCAPTCHA type matches CapSolver's case-insensitively; its Turnstile type is served generically.
  emulator: { acceptUnknownTaskTypes: true, taskIdFormat: 'numeric' },
  taskTypes: { recaptcha: 'ReCaptchaV2TaskProxyLess', turnstile: 'TurnstileTaskProxyless' },
  create({ url, timeScale }) {
    const modulePath = require.resolve('@antiadmin/anticaptchaofficial');
    const client = require(modulePath) as AntiCaptcha;
    // The axios instance the client itself requires (CommonJS), not the ESM one a bench import would get.
    const axios = createRequire(modulePath)('axios') as AxiosStatic;
    const interceptor = axios.interceptors.request.use((config) => {
      if (config.url?.startsWith(SERVICE)) config.url = `${url}/${config.url.slice(SERVICE.length)}`;
      return config;
    });
    client.setAPIKey(API_KEY);
    client.shutUp();
    // Its reCAPTCHA task carries websiteSToken and recaptchaDataSValue as null: read as absent.
    client.settings.firstAttemptWaitingInterval = 5 * timeScale;
    client.settings.normalWaitingInterval = 2 * timeScale;
    return {
      async solve(kind) {
        const { websiteURL, websiteKey } = SITE[kind];
        const token =
          kind === 'recaptcha'
            ? await client.solveRecaptchaV2Proxyless(websiteURL, websiteKey)
            : await client.solveTurnstileProxyless(websiteURL, websiteKey);
        return { solution: token };
      },
      close: () => axios.interceptors.request.eject(interceptor),
    };
  },
};
