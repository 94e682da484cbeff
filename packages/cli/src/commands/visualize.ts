import type { Command } from 'commander';
import { usageError } from '../CliError.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';

/** Options of `capkit visualize`. */
export interface VisualizeOptions {
  demo?: boolean;
  port: string;
  timeScale: string;
}

/**
 * `capkit visualize`: serves the live lifecycle visualizer (`@capkit/devtools`) until Ctrl-C. With
 * `--demo` it also runs the demo batch against an in-process emulator and feeds every task into the
 * page, so you can watch tasks move through the machine.
 */
export async function visualizeCommand(options: VisualizeOptions, context: CommandContext): Promise<ExitCode> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw usageError(`--port "${options.port}" is not a port`, { field: 'port' });
  const timeScale = Number(options.timeScale);
  if (!(timeScale > 0 && timeScale <= 1))
    throw usageError(`--time-scale "${options.timeScale}" must be in (0, 1]`, { field: 'timeScale' });
  const [{ taskMachine }, { startVisualizer }] = await Promise.all([
    import('@capkit/core/machine'),
    import('@capkit/devtools'),
  ]);
  const visualizer = await startVisualizer({ machine: taskMachine, port, title: 'capkit visualizer' });
  try {
    context.output.result(
      { url: visualizer.url, demo: Boolean(options.demo) },
      `capkit visualizer: open ${visualizer.url}  (Ctrl-C to stop)`,
    );
    if (options.demo) {
      const { runDemoBatch } = await import('../demo/runDemoBatch.js');
      const result = await runDemoBatch({ timeScale, seed: 7, inspect: visualizer.inspect, signal: context.signal });
      const solved = result.rows.filter((row) => row.ok).length;
      context.output.note(
        `demo batch done: ${solved} solved, ${result.rows.length - solved} failed; the page keeps the final states.`,
      );
    } else {
      context.output.note(
        `Showing the lifecycle. Feed it tasks with --demo, or from your program (any process): createClient({ inspect: connectVisualizer('${visualizer.url}') }) from @capkit/devtools.`,
      );
    }
    await new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve();
      context.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await visualizer.close();
  }
  return EXIT_CODES.success;
}

/** Registers `visualize` on the program. */
export function registerVisualize(program: Command, run: RunAction): void {
  program
    .command('visualize')
    .summary('serve the live task-lifecycle visualizer')
    .description(
      'Serve a local page showing the task lifecycle (the XState machine) with every running task highlighted, ' +
        'its queries used and its time left. --demo feeds it the demo batch, solved by an in-process emulator.',
    )
    .option('--demo', 'run the demo batch against an in-process emulator and show it live')
    .option('--port <n>', 'port of the page (0 picks a free one)', '0')
    .option('--time-scale <x>', 'with --demo: how fast emulated time runs (slower is easier to watch)', '0.5')
    .addHelpText(
      'after',
      `
Examples:
  $ capkit visualize --demo
  $ capkit visualize --demo --port 4000 --time-scale 1`,
    )
    .action((options: VisualizeOptions) => run((context) => visualizeCommand(options, context)));
}
