import { definePackageBuild } from '../../tsdown.shared.ts';

// bin is the `capkit` command.
export default definePackageBuild({ entry: ['src/index.ts', 'src/bin.ts'], platform: 'node' });
