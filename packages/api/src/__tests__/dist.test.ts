// The built package, loaded the way users load it: `require` (CJS) and `import` (ESM) of dist/.
// nx runs `build` before this package's `test`; run `npx tsdown` first when calling vitest directly.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as source from '../index.js';
import { startRecordingServer, type RecordingServer } from './recordingServer.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const require = createRequire(import.meta.url);

let server: RecordingServer;
beforeAll(async () => {
  if (!existsSync(`${dist}index.cjs`))
    throw new Error('packages/api/dist is missing: run `npx tsdown` (nx does it first)');
  server = await startRecordingServer();
});
afterAll(() => server.close());

const loaders = {
  cjs: async () => require(`${dist}index.cjs`) as typeof source,
  esm: async () => (await import(/* @vite-ignore */ `${dist}index.mjs`)) as typeof source,
};

describe.each(Object.keys(loaders) as (keyof typeof loaders)[])('dist (%s)', (format) => {
  test('exports the same names as src and a working client', async () => {
    const built = await loaders[format]();
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
    expect(built.TASK_TYPES).toEqual(source.TASK_TYPES);

    server.reply(200, { errorId: 0, balance: 3 });
    const { data } = await built.createApiClient({ baseUrl: server.url }).POST('/getBalance', {
      body: { clientKey: 'CAP-DIST-TEST' },
    });
    expect(data).toEqual({ errorId: 0, balance: 3 });
    expect(server.seen.at(-1)).toMatchObject({ url: '/getBalance', body: { clientKey: 'CAP-DIST-TEST' } });
  });

  test('@capkit/api/openapi.json resolves through the exports map', async () => {
    const spec =
      format === 'cjs'
        ? require('@capkit/api/openapi.json')
        : (await import('@capkit/api/openapi.json', { with: { type: 'json' } })).default;
    expect(spec.openapi).toBe('3.1.0');
  });
});
