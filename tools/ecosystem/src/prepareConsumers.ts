import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';

const run = promisify(execFile);

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../../..');
/** The packages every consumer installs from their tarballs (the harness also runs the packed emulator and proxy). */
export const PACKED = ['api', 'core', 'node', 'browser', 'emulator'] as const;

/** The temporary project the consumers run in: the packed packages installed as a user installs them. */
export interface ConsumerProject {
  dir: string;
  /** `@capkit/*` name -> version, as packed. */
  versions: Record<string, string>;
  /** A module of the installed packages, e.g. `@capkit/emulator`, as a file URL to import. */
  moduleUrl(name: string): string;
}

/**
 * Packs the packages (`npm pack`: what npm would publish), installs the tarballs into a fresh project outside the
 * repository (`npm install`, registry dependencies included) and lays out each runtime's consumer there: the
 * sources for Bun and Deno, a Node bundle of the consumer (the packages stay bare imports), a Worker module and a
 * page bundle. The packages must have been built (`npx nx run-many -t build`).
 */
export async function prepareConsumers(): Promise<ConsumerProject> {
  const missing = PACKED.filter((pkg) => !existsSync(join(ROOT, 'packages', pkg, 'dist')));
  if (missing.length > 0) {
    throw new Error(`packages/${missing.join(', ')} not built: run \`npx nx run-many -t build\` first.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'capkit-ecosystem-'));
  const tarballs = await Promise.all(
    PACKED.map(async (pkg) => {
      const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], {
        cwd: join(ROOT, 'packages', pkg),
      });
      return join(dir, stdout.trim().split('\n').pop() ?? '');
    }),
  );
  const versions = Object.fromEntries(
    PACKED.map((pkg) => {
      const { name, version } = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8'));
      return [name, version];
    }),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'capkit-consumer', private: true, type: 'module' }));
  // @types/node as the repository pins it: `deno check` needs it for @capkit/node's types (a Deno project with
  // a node_modules folder installs it itself).
  const typesNode = JSON.parse(readFileSync(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8')).version;
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs,
      `@types/node@${typesNode}`,
    ],
    { cwd: dir },
  );

  const source = join(import.meta.dirname, 'consumer');
  for (const file of ['scenarios.ts', 'server.ts', 'importOnly.ts', 'worker.ts', 'page.ts'])
    copyFileSync(join(source, file), join(dir, file));
  // Deno: what a Deno user writes, `npm:` specifiers in deno.json, resolved from the node_modules npm installed.
  const imports = Object.fromEntries(
    Object.entries(versions).map(([name, version]) => [name, `npm:${name}@${version}`]),
  );
  writeFileSync(join(dir, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual', imports }, null, 2));

  const common: BuildOptions = { absWorkingDir: dir, bundle: true, format: 'esm', logLevel: 'error' };
  mkdirSync(join(dir, 'out'));
  await Promise.all([
    // Node 20 runs JavaScript: the consumer compiled to one module that imports the installed packages.
    build({ ...common, entryPoints: ['server.ts'], outfile: 'out/server.mjs', platform: 'node', packages: 'external' }),
    // wrangler's bundling: the packages inlined, resolved with the workerd, worker and browser conditions.
    build({
      ...common,
      entryPoints: ['worker.ts'],
      outfile: 'out/worker.mjs',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
    }),
    // An app's bundler for the page: any Node built-in in the browser packages would fail this build.
    build({ ...common, entryPoints: ['page.ts'], outfile: 'out/page.mjs', platform: 'browser' }),
  ]);
  return {
    dir,
    versions,
    moduleUrl: (name) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
      return pathToFileURL(join(dir, 'node_modules', name, pkg.exports['.'].import.default)).href;
    },
  };
}
