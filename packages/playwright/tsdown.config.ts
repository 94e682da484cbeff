import { definePackageBuild } from '../../tsdown.shared.ts';

export default definePackageBuild({ platform: 'node' });
