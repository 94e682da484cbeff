// Where the codegen reads and writes, resolved from this file so it runs from any cwd.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The single source of truth. */
export const SPEC_PATH = join(ROOT, 'spec/capsolver.openapi.yaml');

/** The folder of @capkit/api that holds every generated file. */
export const GENERATED_DIR = join(ROOT, 'packages/api/src/generated');

/** Repository-relative spec path, as written into the headers. */
export const SPEC_NAME = 'spec/capsolver.openapi.yaml';
