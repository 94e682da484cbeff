import { afterEach, describe, expect, it } from 'vitest';
import { createClient, unknownFields } from '../index.js';
import { startScriptedServer } from './helpers/scriptedServer.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('fields the spec does not document', () => {
  it('reach the caller: the types are exact, the runtime keeps every field', async () => {
    const server = await startScriptedServer((request) =>
      request.path === '/createTask'
        ? { body: { errorId: 0, taskId: 't-1', status: 'idle' } }
        : {
            body: {
              errorId: 0,
              status: 'ready',
              solution: { gRecaptchaResponse: 'token', addedLater: { score: 0.9 } },
              requestCost: '0.001',
            },
          },
    );
    close = server.close;
    const client = createClient({ apiKey: 'CAP-EXTRA', baseUrl: server.url, limits: { solveTimeMinMs: 10 } });
    const { solution } = await client.solve({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'u', websiteKey: 'k' });
    expect(solution.gRecaptchaResponse).toBe('token');
    expect(unknownFields(solution)).toEqual({ gRecaptchaResponse: 'token', addedLater: { score: 0.9 } });
    expect(unknownFields(solution)['addedLater']).toEqual({ score: 0.9 });
  });

  it('unknownFields copies: changing the copy leaves the solution alone', () => {
    const solution = { text: 'abc', extra: 1 };
    const fields = unknownFields(solution);
    expect(fields).toEqual(solution);
    expect(fields).not.toBe(solution);
  });
});
