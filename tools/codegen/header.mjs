import { SPEC_NAME } from './paths.mjs';

/** The first line(s) of every generated TypeScript file. */
export const TS_HEADER = [
  `// generated — do not edit. Source: ${SPEC_NAME}.`,
  '// Regenerate with `npm run codegen` (tools/codegen/generate.mjs); `npm run codegen:check` fails when stale.',
  '',
].join('\n');

/** JSON cannot hold comments, so the marker is a vendor extension, written as the first key. */
export const JSON_MARKER_KEY = 'x-capkit-generated';
export const JSON_MARKER = `generated — do not edit. Source: ${SPEC_NAME}. Regenerate with \`npm run codegen\`.`;
