import type { Command } from 'commander';
import { usageError } from '../CliError.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';

/** Options of `capkit emulator`. */
export interface EmulatorCommandOptions {
  port: string;
  host: string;
  seed?: string;
  timeScale: string;
  faultRate: string;
}

/**
 * `capkit emulator`: runs the local CapSolver emulator until Ctrl-C (or `--timeout`), printing the
 * variables that point capkit (or any client) at it.
 */
export async function emulatorCommand(options: EmulatorCommandOptions, context: CommandContext): Promise<ExitCode> {
  const port = parseNumber(options.port, 'port', (value) => Number.isInteger(value) && value >= 0 && value <= 65_535);
  const timeScale = parseNumber(options.timeScale, 'timeScale', (value) => value > 0);
  const rate = parseNumber(options.faultRate, 'faultRate', (value) => value >= 0 && value <= 1);
  const seed = options.seed === undefined ? undefined : parseNumber(options.seed, 'seed', Number.isInteger);
  const { startEmulator } = await import('@capkit/emulator');
  const emulator = await startEmulator({
    port,
    host: options.host,
    timeScale,
    faults: { rate },
    ...(seed === undefined ? {} : { seed }),
  });
  const stats = emulator.stats();
  const apiKey = 'CAP-EMULATOR-KEY';
  context.output.result(
    { url: emulator.url, apiKey, seed: stats.seed, timeScale, faultRate: rate },
    [
      `capkit emulator listening on ${emulator.url} (seed ${stats.seed}, time scale ${timeScale}, fault rate ${rate})`,
      `  export CAPSOLVER_BASE_URL=${emulator.url}`,
      `  export CAPSOLVER_API_KEY=${apiKey}`,
      `Stats: ${emulator.url}/__emulator/stats  ·  Ctrl-C to stop`,
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const final = emulator.stats();
  await emulator.close();
  context.output.note(
    `emulator stopped: ${final.tasksCreated} task(s) created, requests ${JSON.stringify(final.requestsByMethod)}`,
  );
  return EXIT_CODES.success;
}

function parseNumber(text: string, field: string, valid: (value: number) => boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value))
    throw usageError(`--${kebab(field)} "${text}" is not valid`, { field });
  return value;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Registers `emulator` on the program. */
export function registerEmulator(program: Command, run: RunAction): void {
  program
    .command('emulator')
    .summary('run the local CapSolver emulator')
    .description(
      'Run a local, spec-faithful CapSolver emulator (real limits: 120 queries, 5-minute lifetime) until Ctrl-C. ' +
        'It accepts the key CAP-EMULATOR-KEY. Point capkit at it with CAPSOLVER_BASE_URL.',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed for solve times, outcomes and faults (replays a run)')
    .option('--time-scale <x>', 'multiplies every service duration (0.1 = ten times faster)', '1')
    .option('--fault-rate <p>', 'probability (0..1) that a request gets an injected fault', '0')
    .addHelpText(
      'after',
      `
Examples:
  $ capkit emulator --port 8787
  $ CAPSOLVER_BASE_URL=http://127.0.0.1:8787 CAPSOLVER_API_KEY=CAP-EMULATOR-KEY capkit balance
  $ capkit emulator --time-scale 0.1 --fault-rate 0.05 --seed 42`,
    )
    .action((options: EmulatorCommandOptions) => run((context) => emulatorCommand(options, context)));
}
