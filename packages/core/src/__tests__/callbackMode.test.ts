import { describe, expect, it } from 'vitest';
import type { CallbackReceiver } from '../callbacks/CallbackReceiver.js';
import { callbackMode } from '../client/callbackMode.js';
import { createClient } from '../client/createClient.js';
import { createPlatformClient, type ClientPlatform } from '../client/createPlatformClient.js';
import { ConfigurationError } from '../errors/clientErrors.js';
import { callbackFallback } from '../policies/callbackFallback.js';

const receiver: CallbackReceiver = {
  listen: () => ({ url: 'https://example.com/cb/token', token: 'token', close: () => undefined }),
};
const NO_CALLBACKS: ClientPlatform = { readFetchFailure: () => ({ detail: '', neverSent: false }) };
const TASK = { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com/', websiteKey: 'k' } as const;

describe('callback mode comes from the platform', () => {
  it('core createClient has it: a receiver is accepted', () => {
    expect(() => createClient({ apiKey: 'k', callbackReceiver: receiver })).not.toThrow();
  });

  it('a platform without it refuses a receiver, for the client and for one task', () => {
    expect(() => createPlatformClient({ apiKey: 'k', callbackReceiver: receiver }, NO_CALLBACKS)).toThrow(
      ConfigurationError,
    );
    const client = createPlatformClient({ apiKey: 'k' }, NO_CALLBACKS);
    expect(() => client.start(TASK, { callbackReceiver: receiver })).toThrow(
      /callbackReceiver needs a runtime that receives callbacks/,
    );
  });

  it("core's callbackMode links with createCallbackLink and falls back to a fresh callbackFallback()", () => {
    const first = callbackMode.fallbackPolicy();
    expect(first).not.toBe(callbackMode.fallbackPolicy());
    expect(Object.keys(first).sort()).toEqual(Object.keys(callbackFallback()).sort());
    const link = callbackMode.link(receiver, undefined, first);
    expect(link.url).toBe('https://example.com/cb/token');
    link.close('abandoned');
  });
});
