import { access, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, usageError } from '../CliError.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';

/** Options of `capkit diagram`. */
export interface DiagramOptions {
  out?: string;
  check?: boolean;
}

/**
 * `capkit diagram`: the task lifecycle (core's XState machine) as a Mermaid diagram. Without `--out`
 * it prints the diagram; with `--out FILE` it writes it between the lifecycle-diagram markers of FILE
 * (a new FILE gets the markers); `--check` only compares and fails (exit 1) when FILE is stale.
 */
export async function diagramCommand(options: DiagramOptions, context: CommandContext): Promise<ExitCode> {
  const [{ taskMachine }, devtools] = await Promise.all([import('@capkit/core/machine'), import('@capkit/devtools')]);
  if (options.out === undefined) {
    if (options.check) throw usageError('--check compares a file: pass --out FILE', { field: 'out' });
    const diagram = devtools.toMermaid(taskMachine);
    context.output.result({ diagram }, diagram.trimEnd());
    return EXIT_CODES.success;
  }
  if (!options.check && !(await exists(options.out))) {
    const { start, end } = devtools.LIFECYCLE_DIAGRAM_MARKERS;
    await writeFile(options.out, `# capkit task lifecycle\n\n${start}\n${end}\n`);
  }
  const result = await devtools.writeLifecycleDiagram({
    readmePath: options.out,
    machine: taskMachine,
    check: Boolean(options.check),
  });
  if (!result.ok) {
    throw new CliError(result.message, {
      exitCode: EXIT_CODES.apiError,
      code: `CAPKIT_DIAGRAM_${result.status.toUpperCase().replace('-', '_')}`,
      category: 'check',
    });
  }
  context.output.result({ file: result.readmePath, status: result.status }, result.message);
  return EXIT_CODES.success;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Registers `diagram` on the program. */
export function registerDiagram(program: Command, run: RunAction): void {
  program
    .command('diagram')
    .summary('draw the task lifecycle as a Mermaid diagram')
    .description(
      "Draw the task lifecycle (capkit's XState machine) as a Mermaid diagram. With --out FILE the diagram " +
        'goes between the <!-- lifecycle-diagram:start --> and <!-- lifecycle-diagram:end --> markers of FILE.',
    )
    .option('--out <file>', 'a Markdown file to write the diagram into (created with the markers if missing)')
    .option('--check', 'only compare: exit 1 when the diagram in --out is stale')
    .addHelpText(
      'after',
      `
Examples:
  $ capkit diagram > lifecycle.mmd
  $ capkit diagram --out packages/core/README.md
  $ capkit diagram --out packages/core/README.md --check   # in CI`,
    )
    .action((options: DiagramOptions) => run((context) => diagramCommand(options, context)));
}
