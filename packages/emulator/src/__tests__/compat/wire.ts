// Shared plumbing of the compatibility suite: each file in this folder replays, over real HTTP, the
// request shapes and the answer handling of one public CapSolver client, written from reading its
// source (named in each file). Nothing here decides anything a client decides.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiMethod } from '../../index.js';
import { recorded } from '../helpers/api.js';

export { sleep };

/**
 * The emulator's time scale in the suite, and the factor every client's own waits are multiplied by:
 * 1–30 s solve times become 0.1–3 s, a client's 1 s poll interval 100 ms. Coarse enough that a
 * client's polling rule decides the outcome (a 100 ms poll lands inside a 0.1–3 s solve).
 */
export const TIME_SCALE = 0.1;

/** A client's own wait (service ms, as written in its source), scaled like the emulator. */
export const scaled = (ms: number): number => ms * TIME_SCALE;

/** The emulator's default key, given to each client as its API key. */
export const API_KEY = 'CAP-EMULATOR-KEY';

/** One HTTP answer as a client's HTTP library hands it over. */
export interface WireAnswer {
  status: number;
  /** The parsed body, or undefined when it is not JSON. */
  json: Record<string, any> | undefined;
  text: string;
}

/**
 * POSTs `body` (serialized by JSON.stringify, which leaves out `undefined` as every client's JSON
 * encoder here does) to `<baseUrl>/<method>` with the client's own headers, and records the answer
 * for the contract check that validates every answer against the spec.
 */
export async function post(
  baseUrl: string,
  method: ApiMethod,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<WireAnswer> {
  const response = await fetch(`${baseUrl}/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  recorded.push({
    method,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    broken: false,
  });
  let json: Record<string, any> | undefined;
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** What a replayed client raised, named as the client names it (its exception class or message). */
export class ClientRaised extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly answer?: Record<string, any>,
  ) {
    super(`${kind}: ${message}`);
  }
}

/** The spec's example sites, used as the tasks every replay sends. */
export const SITES = {
  recaptcha: {
    websiteURL: 'https://www.google.com/recaptcha/api2/demo',
    websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  },
  recaptchaV3: {
    websiteURL: 'https://antcpt.com/score_detector/',
    websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
  },
  turnstile: { websiteURL: 'https://example.com/login', websiteKey: '0x4AAAAAAAExampleKey' },
  geetestV3: {
    websiteURL: 'https://www.geetest.com/en/demo',
    gt: '022397c99c9f646f6477822485f30404',
    challenge: '7f3b0d5c6e2a4b1f9e8d7c6b5a493827',
  },
  mtcaptcha: { websiteURL: 'https://www.mtcaptcha.com/', websiteKey: 'MTPublic-tqNCRE0GS' },
  datadome: {
    captchaUrl: 'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA&cid=abc&t=fe&s=40070',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36',
    proxy: 'socks5:192.0.2.10:1080:user:pass',
  },
} as const;

/** A 1×1 PNG, base64 (recognition tasks). */
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
