import { DEFAULT_API_KEY, startEmulator, type Emulator, type EmulatorOptions } from '@capkit/emulator';
import { afterEach } from 'vitest';
import { createClient } from '../../client/createClient.js';
import type { ClientOptions } from '../../client/types.js';
import { scaleLimits } from '../../limits.js';

/** Every test here runs the emulator 100x faster than the service, and the client to match. */
export const TIME_SCALE = 0.01;
export const API_KEY = DEFAULT_API_KEY;

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** Starts a time-scaled emulator on 127.0.0.1:0, closed after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({ timeScale: TIME_SCALE, seed: 7, ...options });
  running.push(started);
  return started;
}

/**
 * A client for an emulator, with limits scaled like the emulator's clock (overrides are applied on
 * top of the scaled limits) and fast retries. The lifetime safety margin is a round trip, which does
 * not shrink with the emulator's clock: it stays 50 ms so a loaded machine cannot make it too thin.
 */
export function clientFor(target: Emulator, options: Partial<ClientOptions> = {}) {
  const { limits, ...rest } = options;
  return createClient({
    apiKey: API_KEY,
    baseUrl: target.url,
    backoff: { baseDelayMs: 5, maxDelayMs: 80 },
    ...rest,
    limits: { ...scaleLimits(target.stats().timeScale), lifetimeSafetyMarginMs: 50, ...limits },
  });
}

export const recaptchaTask = {
  type: 'ReCaptchaV2TaskProxyLess',
  websiteURL: 'https://www.google.com/recaptcha/api2/demo',
  websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
} as const;

export const imageTask = { type: 'ImageToTextTask', body: 'aGVsbG8gd29ybGQ=' } as const;

/** Every string reachable from `value` (own enumerable properties, cycles cut, depth-limited). */
export function reachableStrings(value: unknown, depth = 0, seen = new WeakSet<object>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || depth > 8 || seen.has(value)) return [];
  seen.add(value);
  const own =
    value instanceof Error ? [value.message, value.stack ?? '', ...reachableStrings(value.cause, depth + 1, seen)] : [];
  return [...own, ...Object.values(value).flatMap((item) => reachableStrings(item, depth + 1, seen))];
}
