import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const PACKAGE_DIR = join(import.meta.dirname, '..');
const OUT_DIR = join(PACKAGE_DIR, 'node_modules', '.cache', 'capkit-reliability');
const CLI_DIR = dirname(createRequire(import.meta.url).resolve('@capkit/cli/package.json'));

/** The programs the suites run as child processes, bundled from source by the global setup. */
export const CHILD_BUNDLES = {
  /** The crash suite's worker (`src/crash/crashWorker.ts`). */
  crashWorker: join(OUT_DIR, 'crashWorker.mjs'),
  /** The `capkit` CLI (`@capkit/cli`'s `src/bin.ts`). */
  capkit: join(OUT_DIR, 'capkit.mjs'),
} as const;

const ENTRIES: ReadonlyArray<[string, string]> = [
  [join(PACKAGE_DIR, 'src', 'crash', 'crashWorker.ts'), CHILD_BUNDLES.crashWorker],
  [join(CLI_DIR, 'src', 'bin.ts'), CHILD_BUNDLES.capkit],
];

/**
 * Vitest global setup: bundles each child program, with the workspace packages read from their
 * sources (the `@capkit/source` condition) and every dependency inlined, into one ESM file. No package
 * needs a build, and a child starts in about 0.2 s instead of the 1 s `node --import tsx` takes, which
 * is what keeps ~40 child processes per run affordable. CommonJS dependencies inside the ESM bundle get
 * a real `require` through the banner.
 */
export default async function bundleChildProcesses(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  await Promise.all(
    ENTRIES.map(([entry, outfile]) =>
      build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        conditions: ['@capkit/source'],
        logLevel: 'warning',
        banner: {
          js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        },
      }),
    ),
  );
}
