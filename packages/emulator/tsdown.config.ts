import { defineConfig } from 'tsdown';

export default defineConfig({
  // index and msw are the public entries; bin is the `capkit-emulator` CLI.
  entry: ['src/index.ts', 'src/msw.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  fixedExtension: true,
  clean: true,
  platform: 'node',
  // msw is an optional peer: only the ./msw entry imports it.
  external: ['msw'],
});
