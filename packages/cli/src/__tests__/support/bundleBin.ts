import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..', '..');

/**
 * Where the test copy of the bin goes: inside the package's node_modules, so its bare imports
 * (commander 14, undici, xstate, …) resolve exactly as they do for the package itself.
 */
export const TEST_BIN = join(PACKAGE_DIR, 'node_modules', '.cache', 'capkit-cli-test', 'capkit.mjs');

/**
 * Vitest global setup: bundles `src/bin.ts` and the workspace packages it uses, read from their
 * sources (the `@capkit/source` condition), into one ESM file; third-party packages stay imports.
 * Child processes then start in a fraction of the time `node --import tsx` takes, which keeps the
 * many child-process tests fast, and still run the real program with no build of any package.
 */
export default async function bundleBin(): Promise<void> {
  await mkdir(join(TEST_BIN, '..'), { recursive: true });
  await build({
    entryPoints: [join(PACKAGE_DIR, 'src', 'bin.ts')],
    outfile: TEST_BIN,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@capkit/source'],
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-third-party',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@capkit/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}
