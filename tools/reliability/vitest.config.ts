import { defineProject } from '../../vitest.shared.ts';

export default defineProject(import.meta.dirname, {
  testTimeout: 120_000,
  // The crash worker and the CLI run as child processes, bundled from source once per run.
  globalSetup: ['./src/bundleChildProcesses.ts'],
  // Two files at a time: the crash and CLI suites mostly wait on child processes and timers.
  maxWorkers: 2,
});
