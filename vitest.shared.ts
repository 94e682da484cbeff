import { basename } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The shared vitest setup of every package: sibling packages resolve to their `src` through the
 * `@capkit/source` export condition (no build needed), tests live in `src/__tests__`, type tests are
 * `*.test-d.ts`, and every run also writes a JSON report that `tools/scripts/test.sh` totals.
 */
export function defineProject(dir: string, overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  const name = basename(dir);
  // Runs under other Node versions (tools/scripts/checks/node-matrix.sh) write their own report.
  const label = process.env.CAPKIT_TEST_LABEL ? `-${process.env.CAPKIT_TEST_LABEL}` : '';
  return defineConfig({
    resolve: { conditions: ['@capkit/source', 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: ['@capkit/source', 'node', 'import', 'default'], externalConditions: ['node'] } },
    test: {
      name,
      root: dir,
      include: ['src/**/__tests__/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: `${dir}/tsconfig.json` },
      testTimeout: 30_000,
      hookTimeout: 30_000,
      reporters: ['default', ['json', { outputFile: `${dir}/test-output/vitest-${name}${label}.json` }]],
      ...overrides,
    },
  });
}
