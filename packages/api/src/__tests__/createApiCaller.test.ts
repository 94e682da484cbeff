import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApiCaller, SERVERS, type TaskOf } from '../index.js';
import { startRecordingServer, type RecordingServer } from './recordingServer.js';

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.reset();
  vi.unstubAllGlobals();
});

const clientKey = 'CAP-CALLER-TEST-KEY';
const task: TaskOf<'ReCaptchaV2TaskProxyLess'> = {
  type: 'ReCaptchaV2TaskProxyLess',
  websiteURL: 'https://example.com/',
  websiteKey: 'k',
};

describe('createApiCaller against a local server', () => {
  test('posts the JSON body to /<method> and parses the answer', async () => {
    server.reply(200, { errorId: 0, taskId: 'task-1' });
    const { data, response } = await createApiCaller({ baseUrl: server.url })('createTask', { clientKey, task });
    expect(server.seen).toEqual([
      { method: 'POST', url: '/createTask', contentType: 'application/json', body: { clientKey, task } },
    ]);
    expect(response.status).toBe(200);
    expect(data).toEqual({ errorId: 0, taskId: 'task-1' });
  });

  test('an error envelope arrives in data whatever the status; errorId tells it apart', async () => {
    const envelope = { errorId: 1, errorCode: 'ERROR_KEY_DENIED_ACCESS', errorDescription: 'wrong key' };
    server.reply(401, envelope);
    const { data, response } = await createApiCaller({ baseUrl: server.url })('getBalance', { clientKey });
    expect(response.status).toBe(401);
    expect(data).toEqual(envelope);
  });

  test('rejects with a SyntaxError when the body is not JSON', async () => {
    server.reply(502, '<html>Bad gateway</html>', 'text/html');
    await expect(createApiCaller({ baseUrl: server.url })('getBalance', { clientKey })).rejects.toBeInstanceOf(
      SyntaxError,
    );
  });

  test('a trailing slash on baseUrl does not double the slash', async () => {
    server.reply(200, { errorId: 0, balance: 1 });
    await createApiCaller({ baseUrl: `${server.url}/` })('getBalance', { clientKey });
    expect(server.seen[0]?.url).toBe('/getBalance');
  });

  test('hands the signal to fetch, so a call can be aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      createApiCaller({ baseUrl: server.url })('getBalance', { clientKey }, { signal: controller.signal }),
    ).rejects.toThrow('stop');
    expect(server.seen).toHaveLength(0);
  });

  test('sends through the given fetch, called as fetch(url, init)', async () => {
    const calls: Array<[string, RequestInit]> = [];
    server.reply(200, { errorId: 0, message: 'ok' });
    const call = createApiCaller({
      baseUrl: server.url,
      fetch: (url, init) => {
        calls.push([url, init]);
        return fetch(url, init);
      },
    });
    await call('feedbackTask', { clientKey, taskId: 't', result: { invalid: false } });
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(`${server.url}/feedbackTask`);
    expect(calls[0]![1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ clientKey, taskId: 't', result: { invalid: false } }),
    });
  });
});

describe('createApiCaller defaults', () => {
  test('the default base URL is SERVERS[0] and the default fetch is looked up per request', async () => {
    const call = createApiCaller();
    const urls: string[] = [];
    // Stubbed after the caller was created: the lookup happens per request, and nothing reaches the network.
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ errorId: 0, balance: 0 }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    await expect(call('getBalance', { clientKey })).resolves.toMatchObject({ data: { errorId: 0, balance: 0 } });
    expect(urls).toEqual([`${SERVERS[0]}/getBalance`]);
  });
});
