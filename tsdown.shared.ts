import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The build every package shares: ESM + CJS with matching `.d.mts` / `.d.cts` declarations and source maps,
 * always with fixed extensions so `publint --strict` and `attw --pack` see exactly the files the exports map names.
 */
export function definePackageBuild(options: Pick<UserConfig, 'platform'> & Omit<UserConfig, 'format'>): UserConfig {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    fixedExtension: true,
    // Maps for the JavaScript and the declarations: stack traces and go-to-definition reach src/ (shipped too).
    sourcemap: true,
    clean: true,
    ...options,
  });
}
