import { defineProject } from '../../vitest.shared.ts';

// The setup file validates every API answer a test file received against the spec (contract tests).
export default defineProject(import.meta.dirname, { setupFiles: ['src/__tests__/setup/contractCheck.ts'] });
