import capmonster from '@zennolab_com/capmonstercloud-client';
import type { Contender } from './Contender.js';
import { API_KEY, SITE } from './tasks.js';

const { CapMonsterCloudClientFactory, ClientOptions, RecaptchaV2Request, TurnstileRequest } = capmonster;

/**
 * The CapMonster Cloud client from npm, pointed at the emulator with its own `serviceUrl` option and
 * used as its README shows. Its timing is its own per-type defaults (reCAPTCHA: first query after
 * 1 s, then every 3 s; Turnstile: after 1 s, then every 1 s), scaled with the emulator.
 */
export const capmonsterContender: Contender = {
  id: 'capmonster',
  name: 'CapMonster Cloud client',
  family: 'peer',
  // Its types are unknown to CapSolver: the emulator serves them as generic token tasks on request.
  emulator: { acceptUnknownTaskTypes: true },
  taskTypes: { recaptcha: 'NoCaptchaTask', turnstile: 'TurnstileTask' },
  create({ url, timeScale }) {
    const client = CapMonsterCloudClientFactory.Create(new ClientOptions({ clientKey: API_KEY, serviceUrl: url }));
    const requests = {
      recaptcha: () => new RecaptchaV2Request({ ...SITE.recaptcha }),
      turnstile: () => new TurnstileRequest({ ...SITE.turnstile }),
    };
    const timeouts = {
      recaptcha: { firstRequestDelay: 1_000, requestsInterval: 3_000, timeout: 180_000 },
      turnstile: { firstRequestDelay: 1_000, requestsInterval: 1_000, timeout: 80_000 },
    };
    return {
      async solve(kind) {
        // Its defaults, passed explicitly only to scale them with a time-scaled emulator.
        const own = timeouts[kind];
        const scaled = {
          firstRequestDelay: own.firstRequestDelay * timeScale,
          requestsInterval: own.requestsInterval * timeScale,
          timeout: own.timeout * timeScale,
        };
        const result = await client.Solve(requests[kind](), timeScale === 1 ? undefined : scaled);
        if (result.error !== undefined || result.solution === undefined)
          throw new Error(`CapMonster: ${String(result.error)}`);
        return { solution: result.solution };
      },
    };
  },
};
