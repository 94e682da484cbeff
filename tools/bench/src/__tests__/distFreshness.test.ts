import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_COMMAND, distFreshness, requireBuiltDist } from '../distFreshness.js';

/** Writes `path` under `root` with the given modification time. */
async function file(root: string, path: string, mtime: Date): Promise<void> {
  const full = join(root, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, '');
  await utimes(full, mtime, mtime);
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute));

describe('distFreshness', () => {
  let packages: string;

  beforeEach(async () => {
    packages = await mkdtemp(join(tmpdir(), 'capkit-bench-dist-'));
    for (const folder of ['api', 'core', 'node']) {
      await file(packages, `${folder}/src/index.ts`, at(0));
      await file(packages, `${folder}/dist/index.mjs`, at(10));
    }
  });

  afterEach(async () => {
    await rm(packages, { recursive: true, force: true });
  });

  it('is fresh when no source file changed after the build', () => {
    expect(distFreshness(join(packages, 'core'))).toEqual({
      builtAt: at(10).toISOString(),
      sourceChangedAt: at(0).toISOString(),
      stale: false,
    });
  });

  it('is stale when any source file changed after the build, not only the entry point; tests do not count', async () => {
    await file(packages, 'core/src/__tests__/client.test.ts', at(20));
    await file(packages, 'core/src/client/client.test.ts', at(20));
    expect(distFreshness(join(packages, 'core')).stale).toBe(false);
    await file(packages, 'core/src/client/createClient.ts', at(15));
    expect(distFreshness(join(packages, 'core'))).toMatchObject({ stale: true, sourceChangedAt: at(15).toISOString() });
  });

  it('covers @capkit/api, @capkit/core and @capkit/node, and fails naming the build command when a dist is missing', async () => {
    expect(Object.keys(requireBuiltDist(packages))).toEqual(['@capkit/api', '@capkit/core', '@capkit/node']);
    await rm(join(packages, 'api', 'dist'), { recursive: true });
    expect(() => requireBuiltDist(packages)).toThrow(
      `@capkit/api has none. Build first, from the repository root: ${BUILD_COMMAND}`,
    );
  });
});
