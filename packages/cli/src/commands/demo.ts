import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError, usageError } from '../CliError.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { createProgressRenderer, progressModeFor } from '../createProgressRenderer.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';

/** Options of `capkit demo`. */
export interface DemoOptions {
  timeScale: string;
  seed: string;
}

/**
 * `capkit demo`: starts the emulator in-process, solves a mixed batch concurrently with live progress
 * (one line per task on a TTY, plain lines otherwise) and prints a summary table. No account needed.
 * Exit 0 when every task ended as the batch expects (solved, or failed with its forced error code).
 */
export async function demoCommand(options: DemoOptions, context: CommandContext): Promise<ExitCode> {
  const timeScale = Number(options.timeScale);
  if (!(timeScale > 0 && timeScale <= 1))
    throw usageError(`--time-scale "${options.timeScale}" must be in (0, 1]`, { field: 'timeScale' });
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) throw usageError(`--seed "${options.seed}" must be an integer`, { field: 'seed' });

  const { runDemoBatch } = await import('../demo/runDemoBatch.js');
  const { renderSummary } = await import('../demo/renderSummary.js');
  const stream = context.io.stdout;
  const color = context.globals.color && Boolean(stream.isTTY);
  context.output.note(
    `capkit demo: a local CapSolver emulator (time scale ${timeScale}, seed ${seed}); no account, no network.`,
  );
  const renderer = await createProgressRenderer({
    stream,
    mode: progressModeFor(stream, { json: context.globals.json, color: context.globals.color }),
    color,
    lifetimeMs: 300_000 * timeScale,
  });
  const label = (index: number, type: string) => `${String(index + 1).padStart(2)}. ${type.padEnd(28)}`;
  const result = await runDemoBatch({
    timeScale,
    seed,
    signal: context.signal,
    onStart: (index, entry) => renderer.start(String(index), label(index, entry.task.type)),
    onProgress: (index, progress) => renderer.update(String(index), progress),
    onFinish: (index, row) =>
      renderer.finish(String(index), {
        ok: row.ok,
        text: row.ok ? 'solved' : `failed: ${row.code}`,
        queries: row.queries,
        elapsedMs: row.latencyMs,
      }),
  }).finally(() => renderer.stop());
  if (context.signal.aborted) {
    throw new CliError('The demo was interrupted', {
      exitCode: EXIT_CODES.interrupted,
      code: 'ABORTED',
      category: 'aborted',
    });
  }

  const summary = renderSummary(result.rows, result.totals, pc.createColors(color));
  const verdict = result.asExpected
    ? 'Every task ended as expected: the others solved, the forced failures failed with their error codes, and the\n' +
      'injected HTTP 503 was retried by the transport without losing a task.'
    : 'Some tasks did not end as expected (see the outcome column).';
  context.output.result(
    { rows: result.rows, totals: result.totals, asExpected: result.asExpected },
    `\n${summary}\n${verdict}`,
  );
  return result.asExpected ? EXIT_CODES.success : EXIT_CODES.apiError;
}

/** Registers `demo` on the program. */
export function registerDemo(program: Command, run: RunAction): void {
  program
    .command('demo')
    .summary('solve a mixed batch against a local emulator (no account needed)')
    .description(
      'Start the CapSolver emulator in-process and solve a mixed batch of tasks concurrently: recognition tasks ' +
        'answered inline, token tasks polled within the real limits (scaled in time), two forced failures and an ' +
        'injected HTTP 503 that the transport retries. Prints live progress, then a summary table.',
    )
    .option('--time-scale <x>', 'how fast emulated time runs (0.2 = five times faster than the real service)', '0.2')
    .option('--seed <n>', 'seed of the emulator (solve times, ids)', '7')
    .addHelpText(
      'after',
      `
Examples:
  $ npx capkit demo
  $ capkit demo --time-scale 0.05          # faster
  $ capkit demo --json | jq '.rows[] | {type, ok, code}'`,
    )
    .action((options: DemoOptions) => run((context) => demoCommand(options, context)));
}
