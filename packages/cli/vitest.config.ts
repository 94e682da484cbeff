import { defineProject } from '../../vitest.shared.ts';

// The CLI tests run the bin in child processes; the global setup bundles it once from source.
export default defineProject(import.meta.dirname, { globalSetup: ['src/__tests__/support/bundleBin.ts'] });
