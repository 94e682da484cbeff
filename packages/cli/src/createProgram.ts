import { Command, InvalidArgumentError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerBalance } from './commands/balance.js';
import { registerDemo } from './commands/demo.js';
import { registerDiagram } from './commands/diagram.js';
import { registerEmulator } from './commands/emulator.js';
import { registerFeedback } from './commands/feedback.js';
import { registerResult } from './commands/result.js';
import { registerSolve } from './commands/solve.js';
import { registerVisualize } from './commands/visualize.js';
import type { RunAction } from './CommandContext.js';
import type { CliIO } from './createOutput.js';
import { EXIT_CODE_HELP } from './exitCodes.js';

export type { RunAction } from './CommandContext.js';

/**
 * Builds the `capkit` commander program: global options, every command with its `--help` examples,
 * and the exit-code table. Actions go through `run`, which owns output, errors and exit codes.
 */
export function createProgram(io: CliIO, run: RunAction): Command {
  const program = new Command('capkit')
    .description('capkit: solve CapSolver captcha tasks from the terminal, or try everything against a local emulator.')
    .version(packageJson.version, '-v, --version')
    .addOption(
      new Option(
        '--api-key <key>',
        'CapSolver API key (prefer the CAPSOLVER_API_KEY variable: flags end up in shell history)',
      ),
    )
    .addOption(new Option('--base-url <url>', 'API base URL (or CAPSOLVER_BASE_URL); https, or http on loopback'))
    .option('--json', 'machine-readable output: one JSON document on stdout, errors included', false)
    .addOption(new Option('--timeout <seconds>', 'give up after this many seconds (exit 3)').argParser(parsePositive))
    .addOption(
      new Option('--request-timeout <seconds>', 'how long each request may wait for an answer (default 30)').argParser(
        parsePositive,
      ),
    )
    .option('--verbose', 'log every request and retry on stderr (the same as CAPKIT_LOG=debug)', false)
    .option('--no-color', 'no colours and no live progress (also: the NO_COLOR variable)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Environment:
  CAPSOLVER_API_KEY    the account key (never printed, never written to disk)
  CAPSOLVER_BASE_URL   another API server, e.g. the emulator's http://127.0.0.1:<port>
  NO_COLOR             plain output: no colours, one line per change instead of live progress
  CAPKIT_TIME_SCALE    match a local emulator started with --time-scale (loopback base URLs only)
  CAPKIT_LOG           debug, info (default: retries as they happen), warn, error or silent

${EXIT_CODE_HELP}

Examples:
  $ capkit demo                                   # no account needed: a local emulator solves a batch
  $ capkit solve --type ReCaptchaV2TaskProxyLess --param websiteURL=https://example.com --param websiteKey=6Le…
  $ capkit result 37223a89-06ed-442c-a0b8-22067b79c5b4 --json
  $ capkit balance`,
    );

  registerSolve(program, run);
  registerResult(program, run);
  registerBalance(program, run);
  registerFeedback(program, run);
  registerEmulator(program, run);
  registerDiagram(program, run);
  registerVisualize(program, run);
  registerDemo(program, run);
  return program;
}

function parsePositive(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError(`"${value}" must be a positive number of seconds`);
  return seconds;
}
