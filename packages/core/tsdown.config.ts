import { definePackageBuild } from '../../tsdown.shared.ts';

// One entry per export of package.json: the root, and the documented subpaths.
export default definePackageBuild({
  platform: 'neutral',
  entry: {
    index: 'src/index.ts',
    machine: 'src/machine/index.ts',
    planning: 'src/planning.ts',
    platform: 'src/platform.ts',
  },
});
