import openapiTS, { astToString } from 'openapi-typescript';
import { TS_HEADER } from './header.mjs';

/**
 * Runs openapi-typescript on the spec and returns the text of `schema.ts` (`paths`, `components`,
 * `operations`). Task objects omit `additionalProperties` on purpose: JSON Schema keeps them open,
 * while the generated types stay closed so a misspelt task parameter fails to compile.
 * @param {Record<string, any>} spec
 * @returns {Promise<string>}
 */
export async function renderSchemaTypes(spec) {
  // openapi-typescript may annotate the object it is given; hand it a copy.
  const ast = await openapiTS(structuredClone(spec), { silent: true, alphabetize: false });
  return `${TS_HEADER}\n${astToString(ast)}`;
}
