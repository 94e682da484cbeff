import openapiTS, { astToString } from 'openapi-typescript';
import { TS_HEADER } from './header.mjs';

/**
 * Closes every object schema that documents its fields: `additionalProperties: true` next to `properties`
 * is dropped (in place), so the generated type lists exactly the documented fields and a misspelt one
 * (`solution.gRecaptchaRespnse`) fails to compile. JSON Schema (openapi.json, the validators) keeps them
 * open: the service may send more, and the runtime keeps every field (`unknownFields()` reads them).
 * Free-form objects (`additionalProperties: true` and no `properties`, e.g. `enterprisePayload`) stay open.
 * @param {unknown} node
 */
export function closeDocumentedObjects(node) {
  if (Array.isArray(node)) {
    for (const item of node) closeDocumentedObjects(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (node.additionalProperties === true && node.properties) delete node.additionalProperties;
  for (const value of Object.values(node)) closeDocumentedObjects(value);
}

/**
 * Runs openapi-typescript on the spec and returns the text of `schema.ts` (`paths`, `components`,
 * `operations`). Task objects omit `additionalProperties` on purpose, and documented solution objects
 * are closed here (see {@link closeDocumentedObjects}): the types are exact, the JSON Schema stays open.
 * @param {Record<string, any>} spec
 * @returns {Promise<string>}
 */
export async function renderSchemaTypes(spec) {
  // openapi-typescript may annotate the object it is given, and the copy is closed: hand it a copy.
  const copy = structuredClone(spec);
  closeDocumentedObjects(copy);
  const ast = await openapiTS(copy, { silent: true, alphabetize: false });
  return `${TS_HEADER}\n${astToString(ast)}`;
}
