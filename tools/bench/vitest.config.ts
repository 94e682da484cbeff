import { defineProject } from '../../vitest.shared.ts';

// The smoke profile runs real child processes and real time: give it room, one file at a time.
export default defineProject(import.meta.dirname, { testTimeout: 90_000, fileParallelism: false });
