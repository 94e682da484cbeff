import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * Reads the OpenAPI document. Strict YAML parsing and no aliases/merge keys: the spec is also shipped
 * as JSON, so it must mean exactly what its text says.
 * @param {string} path
 * @returns {Promise<Record<string, any>>}
 */
export async function loadSpec(path) {
  const text = await readFile(path, 'utf8');
  return parse(text, { strict: true, merge: false, maxAliasCount: 0, uniqueKeys: true });
}
