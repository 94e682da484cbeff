import { defineProject } from '../../vitest.shared.ts';

export default defineProject(import.meta.dirname, {
  // One real redis-server for the run (fails, never skips, when the binary is missing).
  globalSetup: ['src/__tests__/support/redisGlobalSetup.ts'],
});
