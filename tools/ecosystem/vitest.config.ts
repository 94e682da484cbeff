import { defineConfig } from 'vitest/config';

// One file: it packs the packages once, then runs every runtime's consumer in parallel. Its JSON report is totalled
// by tools/scripts/summarize-tests.mjs with every other project's.
export default defineConfig({
  test: {
    name: 'ecosystem',
    root: import.meta.dirname,
    include: ['src/__tests__/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 150_000,
    reporters: ['default', ['json', { outputFile: `${import.meta.dirname}/test-output/vitest-ecosystem.json` }]],
  },
});
