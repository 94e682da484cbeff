import { describe, expectTypeOf, test } from 'vitest';
import { createApiCaller, type ErrorResponse, type GetBalanceResponse, type Method } from '../index.js';

const call = createApiCaller();
const clientKey = 'CAP-TYPE-TEST';

describe('createApiCaller types', () => {
  test('bodies are typed per method', () => {
    void call('getBalance', { clientKey });
    void call('getTaskResult', { clientKey, taskId: 't' });
    // @ts-expect-error getTaskResult needs a taskId
    void call('getTaskResult', { clientKey });
    // @ts-expect-error not an API method
    void call('dropTables', { clientKey });
    // @ts-expect-error a misspelt body field
    void call('getBalance', { clientkey: clientKey });
  });

  test('data is the method answer or the error envelope, told apart by errorId', async () => {
    const { data, response } = await call('getBalance', { clientKey });
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(data).toEqualTypeOf<GetBalanceResponse | ErrorResponse>();
    if (data.errorId === 0) expectTypeOf(data.balance).toEqualTypeOf<number>();
  });

  test('the fetch option accepts the global fetch', () => {
    expectTypeOf(createApiCaller).toBeCallableWith({ baseUrl: 'https://example.com', fetch });
    expectTypeOf<Parameters<typeof call>[0]>().toEqualTypeOf<Method>();
  });
});
