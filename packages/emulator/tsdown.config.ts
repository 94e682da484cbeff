import { definePackageBuild } from '../../tsdown.shared.ts';

export default definePackageBuild({
  // index and msw are the public entries; bin is the `capkit-emulator` CLI.
  entry: ['src/index.ts', 'src/msw.ts', 'src/bin.ts'],
  platform: 'node',
  // msw is an optional peer: only the ./msw entry imports it.
  external: ['msw'],
});
