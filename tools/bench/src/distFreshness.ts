import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace's `packages` folder. */
const PACKAGES_DIR = fileURLToPath(new URL('../../../packages', import.meta.url));

/**
 * The workspace packages the overhead and cold-start phases import from their built `dist`:
 * `@capkit/node` and the packages it imports, by folder under `packages/`.
 */
export const BUILT_PACKAGES = { '@capkit/api': 'api', '@capkit/core': 'core', '@capkit/node': 'node' } as const;

/** What builds them (from the repository root). */
export const BUILD_COMMAND = `npx nx run-many -t build -p ${Object.keys(BUILT_PACKAGES).join(' ')}`;

/** Whether a package's built `dist` matches its source. */
export interface DistFreshness {
  /** When `dist/index.mjs` was written; absent when there is no `dist`. */
  builtAt?: string;
  /** The last change to a file under `src/`, tests aside. */
  sourceChangedAt?: string;
  /** A source file changed after the build: figures taken from this `dist` are the old code's. */
  stale?: boolean;
}

const isTest = (name: string) => name === '__tests__' || /\.test(-d)?\.tsx?$/.test(name);

/** The newest modification time of the files under `dir`, tests aside (they are not built). */
function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (isTest(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** When a package's `dist` was built, and whether any of its source files changed since. */
export function distFreshness(packageDir: string): DistFreshness {
  let builtMs: number;
  try {
    builtMs = statSync(join(packageDir, 'dist', 'index.mjs')).mtimeMs;
  } catch {
    return {};
  }
  const sourceMs = newestSourceMs(join(packageDir, 'src'));
  return {
    builtAt: new Date(builtMs).toISOString(),
    sourceChangedAt: new Date(sourceMs).toISOString(),
    stale: sourceMs > builtMs,
  };
}

/** {@link distFreshness} of every package in {@link BUILT_PACKAGES}, by package name. */
export function builtDistFreshness(packagesDir = PACKAGES_DIR): Record<string, DistFreshness> {
  return Object.fromEntries(
    Object.entries(BUILT_PACKAGES).map(([name, folder]) => [name, distFreshness(join(packagesDir, folder))]),
  );
}

/**
 * {@link builtDistFreshness}, throwing when a package has no `dist` at all, before anything runs
 * (the phases that import it would otherwise fail minutes into the run). A stale `dist` is not an
 * error: the run logs it and the report says so next to the figures.
 */
export function requireBuiltDist(packagesDir = PACKAGES_DIR): Record<string, DistFreshness> {
  const freshness = builtDistFreshness(packagesDir);
  const missing = Object.entries(freshness)
    .filter(([, entry]) => entry.builtAt === undefined)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(
      `The overhead and cold-start phases import the built dist of ${Object.keys(BUILT_PACKAGES).join(', ')}, ` +
        `and ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} none. Build first, from the repository root: ${BUILD_COMMAND}`,
    );
  }
  return freshness;
}
