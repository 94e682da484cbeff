#!/usr/bin/env node
// Generates packages/api/src/generated/* from spec/capsolver.openapi.yaml.
//   node tools/codegen/generate.mjs           write the files
//   node tools/codegen/generate.mjs --check   regenerate in memory; exit 1 and list the stale files
//   --spec <file> --out <dir>                 other input/output (used by the codegen's own tests)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATED_DIR, ROOT, SPEC_PATH } from './paths.mjs';
import { loadSpec } from './loadSpec.mjs';
import { readExtensions } from './readExtensions.mjs';
import { renderConstants } from './renderConstants.mjs';
import { renderOpenapiJson } from './renderOpenapiJson.mjs';
import { renderSchemaTypes } from './renderSchemaTypes.mjs';

/**
 * Renders every generated file in memory.
 * @param {{ spec?: string, out?: string }} [options]
 * @returns {Promise<Map<string, string>>} absolute path -> contents
 */
export async function renderAll({ spec = SPEC_PATH, out = GENERATED_DIR } = {}) {
  const document = await loadSpec(spec);
  const model = readExtensions(document);
  return new Map([
    [join(out, 'schema.ts'), await renderSchemaTypes(document)],
    [join(out, 'constants.ts'), renderConstants(model)],
    [join(out, 'openapi.json'), renderOpenapiJson(document)],
  ]);
}

async function readIfExists(path) {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Lists the generated files whose contents differ from a fresh render (missing files count as stale).
 * @param {{ spec?: string, out?: string }} [options]
 * @returns {Promise<string[]>} paths relative to the repository root
 */
export async function findStale(options) {
  const stale = [];
  for (const [path, contents] of await renderAll(options)) {
    if ((await readIfExists(path)) !== contents) stale.push(relative(ROOT, path));
  }
  return stale;
}

async function write(options) {
  await mkdir(options.out ?? GENERATED_DIR, { recursive: true });
  for (const [path, contents] of await renderAll(options)) {
    // Only touch files that changed, so build caches keyed on mtimes stay warm.
    const changed = (await readIfExists(path)) !== contents;
    if (changed) await writeFile(path, contents);
    console.log(`${changed ? 'wrote    ' : 'unchanged'} ${relative(ROOT, path)}`);
  }
}

async function check(options) {
  const stale = await findStale(options);
  if (stale.length === 0) {
    console.log('codegen: generated files are up to date');
    return;
  }
  console.error(`codegen: stale generated files (run \`npm run codegen\`):\n${stale.map((p) => `  ${p}`).join('\n')}`);
  process.exitCode = 1;
}

async function main() {
  const { values } = parseArgs({
    options: { check: { type: 'boolean' }, spec: { type: 'string' }, out: { type: 'string' } },
  });
  const options = {
    ...(values.spec ? { spec: resolve(values.spec) } : {}),
    ...(values.out ? { out: resolve(values.out) } : {}),
  };
  await (values.check ? check(options) : write(options));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`codegen: ${error.message}`);
    process.exitCode = 1;
  });
}
