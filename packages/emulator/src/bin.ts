#!/usr/bin/env node
import { CLI_USAGE, parseCliArgs } from './parseCliArgs.js';
import { startEmulator } from './startEmulator.js';

/** `capkit-emulator`: starts an emulator and prints its URL as the first line of stdout. */
async function main(): Promise<void> {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(CLI_USAGE);
    return;
  }
  if (command.kind === 'error') {
    process.stderr.write(`capkit-emulator: ${command.message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator(command.options);
  process.stdout.write(`${emulator.url}\n`);
  const { seed, timeScale } = emulator.stats();
  process.stderr.write(
    `capkit-emulator: seed ${seed}, time scale ${timeScale}; stats at ${emulator.url}/__emulator/stats\n`,
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`capkit-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
