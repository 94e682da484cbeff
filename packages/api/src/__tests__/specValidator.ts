// Test helper: ajv validators compiled straight from the shipped `@capkit/api/openapi.json`, the same
// way the emulator and the CLI consume the spec.
import spec from '@capkit/api/openapi.json' with { type: 'json' };
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped once more under some interop modes.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'capsolver');

/** The parsed spec, as shipped. */
export const shippedSpec = spec;

/** A validator for one named schema of `components.schemas`. */
export function schemaValidator(name: string): ValidateFunction {
  const validate = ajv.getSchema(`capsolver#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
}
