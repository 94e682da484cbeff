import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApiClient, SERVERS, type TaskOf } from '../index.js';
import { startRecordingServer, type RecordingServer } from './recordingServer.js';

let server: RecordingServer;
let baseUrl: string;
let seen: RecordingServer['seen'];
const reply: RecordingServer['reply'] = (...args) => server.reply(...args);

beforeAll(async () => {
  server = await startRecordingServer();
  baseUrl = server.url;
  seen = server.seen;
});

afterAll(() => server.close());

afterEach(() => {
  server.reset();
  vi.unstubAllGlobals();
});

const clientKey = 'CAP-RUNTIME-TEST-KEY';

describe('createApiClient against a local server', () => {
  test('createTask sends the JSON body unchanged to POST /createTask', async () => {
    const task: TaskOf<'ReCaptchaV2Task'> = {
      type: 'ReCaptchaV2Task',
      websiteURL: 'https://example.com/login',
      websiteKey: 'site-key',
      proxyType: 'socks5',
      proxyAddress: '192.0.2.10',
      proxyPort: 1080,
      isInvisible: true,
    };
    reply(200, { errorId: 0, errorCode: '', errorDescription: '', taskId: 'task-1' });

    const { data, error, response } = await createApiClient({ baseUrl }).POST('/createTask', {
      body: { clientKey, task, callbackUrl: 'https://example.com/hook' },
    });

    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/createTask',
        contentType: 'application/json',
        body: { clientKey, task, callbackUrl: 'https://example.com/hook' },
      },
    ]);
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual({ errorId: 0, errorCode: '', errorDescription: '', taskId: 'task-1' });
  });

  test('a sync task answer carries status and solution in data', async () => {
    reply(200, { errorId: 0, taskId: 't', status: 'ready', solution: { text: '44795sds' } });
    const { data } = await createApiClient({ baseUrl }).POST('/createTask', {
      body: { clientKey, task: { type: 'ImageToTextTask', body: 'aGVsbG8=' } },
    });
    expect(data?.errorId === 0 && data.status === 'ready' ? data.solution : undefined).toEqual({ text: '44795sds' });
  });

  test('an HTTP 400 error envelope arrives in error, with the status', async () => {
    const envelope = { errorId: 1, errorCode: 'ERROR_INVALID_TASK_DATA', errorDescription: 'websiteKey is required' };
    reply(400, envelope);
    const { data, error, response } = await createApiClient({ baseUrl }).POST('/getTaskResult', {
      body: { clientKey, taskId: 'task-1' },
    });
    expect(seen[0]).toMatchObject({ url: '/getTaskResult', body: { clientKey, taskId: 'task-1' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual(envelope);
  });

  test('an HTTP 200 error envelope arrives in data; errorId tells it apart', async () => {
    reply(200, { errorId: 1, errorCode: 'ERROR_ZERO_BALANCE', errorDescription: 'top up' });
    const { data, error } = await createApiClient({ baseUrl }).POST('/getBalance', { body: { clientKey } });
    expect(error).toBeUndefined();
    expect(data?.errorId).toBe(1);
    expect(data?.errorId === 1 ? data.errorCode : undefined).toBe('ERROR_ZERO_BALANCE');
  });

  test('a non-JSON gateway error (HTML 502) arrives as text in error', async () => {
    reply(502, '<html>Bad gateway</html>', 'text/html');
    const { error, response } = await createApiClient({ baseUrl }).POST('/getBalance', { body: { clientKey } });
    expect(response.status).toBe(502);
    expect(error).toBe('<html>Bad gateway</html>');
  });

  test('getToken, feedbackTask and getBalance use their own paths', async () => {
    const api = createApiClient({ baseUrl });
    reply(200, { errorId: 0, status: 'ready', solution: { gRecaptchaResponse: 'token' } });
    reply(200, { errorId: 0, message: 'ok' });
    reply(200, { errorId: 0, balance: 1.5, packages: [] });
    const task: TaskOf<'ReCaptchaV3TaskProxyLess'> = {
      type: 'ReCaptchaV3TaskProxyLess',
      websiteURL: 'https://example.com/',
      websiteKey: 'k',
      pageAction: 'login',
    };
    const token = await api.POST('/getToken', { body: { clientKey, task } });
    await api.POST('/feedbackTask', { body: { clientKey, taskId: 't', result: { invalid: true, code: 1001 } } });
    const balance = await api.POST('/getBalance', { body: { clientKey } });

    expect(seen.map(({ url, body }) => [url, body])).toEqual([
      ['/getToken', { clientKey, task }],
      ['/feedbackTask', { clientKey, taskId: 't', result: { invalid: true, code: 1001 } }],
      ['/getBalance', { clientKey }],
    ]);
    expect(token.data?.errorId === 0 ? token.data.solution.gRecaptchaResponse : undefined).toBe('token');
    expect(balance.data?.errorId === 0 ? balance.data.balance : undefined).toBe(1.5);
  });

  test('a trailing slash on baseUrl does not double the slash', async () => {
    reply(200, { errorId: 0, balance: 0 });
    await createApiClient({ baseUrl: `${baseUrl}/` }).POST('/getBalance', { body: { clientKey } });
    expect(seen[0]?.url).toBe('/getBalance');
  });

  test('the default fetch is looked up per request, so a later swap is honoured', async () => {
    const api = createApiClient({ baseUrl });
    const realFetch = globalThis.fetch;
    const urls: string[] = [];
    vi.stubGlobal('fetch', (request: Request) => {
      urls.push(request.url);
      return realFetch(request);
    });
    reply(200, { errorId: 0, balance: 2 });
    await api.POST('/getBalance', { body: { clientKey } });
    expect(urls).toEqual([`${baseUrl}/getBalance`]);
    expect(seen).toHaveLength(1);
  });
});

describe('createApiClient defaults', () => {
  test('the default base URL is the primary server, SERVERS[0]', async () => {
    // The only request that must not reach the network: a custom fetch records it instead.
    const urls: string[] = [];
    const api = createApiClient({
      fetch: async (request) => {
        urls.push(request.url);
        return Response.json({ errorId: 0, balance: 0 });
      },
    });
    await api.POST('/getBalance', { body: { clientKey } });
    expect(SERVERS[0]).toBe('https://api.capsolver.com');
    expect(urls).toEqual(['https://api.capsolver.com/getBalance']);
  });
});
