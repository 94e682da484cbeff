import type { Command } from 'commander';
import { usageError } from '../CliError.js';
import { createCliClient } from '../createCliClient.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';
import { refuseSecret, TASK_ID_PLACE } from '../refuseSecret.js';
import { watchTask } from '../watchTask.js';

/** Options of `capkit result`. */
export interface ResultOptions {
  createdAt?: string;
  queriesUsed?: string;
}

/**
 * `capkit result <taskId>`: follows an existing task (created by another process, or a `solve` that was
 * interrupted) within what is left of its 120 queries and 5-minute lifetime. A task id holding the API
 * key is refused (exit 2) before anything is sent or printed.
 */
export async function resultCommand(
  taskId: string,
  options: ResultOptions,
  context: CommandContext,
): Promise<ExitCode> {
  refuseSecret(taskId, TASK_ID_PLACE, context.redactor);
  const createdAt = parseCreatedAt(options.createdAt);
  const queriesUsed = parseCount(options.queriesUsed);
  const client = await createCliClient(context);
  const handle = client.waitForResult(taskId, { createdAt, queriesUsed, signal: context.signal });
  const result = await watchTask(handle, taskId, context);
  context.output.result(
    { taskId: result.taskId, solution: result.solution, queries: result.queries, elapsedMs: result.elapsedMs },
    JSON.stringify(result.solution, null, 2),
  );
  return EXIT_CODES.success;
}

/** `--created-at` as an ISO date or epoch ms; now when absent (the task is assumed fresh). */
export function parseCreatedAt(value: string | undefined, now = Date.now()): number {
  if (value === undefined) return now;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw usageError(`--created-at "${value}" is neither an ISO date nor epoch milliseconds`, { field: 'createdAt' });
  if (ms > now + 60_000) throw usageError(`--created-at "${value}" is in the future`, { field: 'createdAt' });
  return ms;
}

function parseCount(value: string | undefined): number {
  if (value === undefined) return 0;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0)
    throw usageError(`--queries-used "${value}" must be a whole number >= 0`, { field: 'queriesUsed' });
  return count;
}

/** Registers `result` on the program. */
export function registerResult(program: Command, run: RunAction): void {
  program
    .command('result')
    .summary('wait for the result of an existing task')
    .description(
      'Poll an existing task until it is ready, within what is left of its budget: 120 queries and 5 minutes ' +
        'from its creation. Give --created-at and --queries-used when you know them (capkit prints both when a ' +
        'solve is interrupted), so the budget is counted right.',
    )
    .argument('<taskId>', 'the task id returned by createTask')
    .option('--created-at <iso|ms>', 'when the task was created (ISO 8601 or epoch ms); default now')
    .option('--queries-used <n>', 'getTaskResult queries already spent on the task; default 0')
    .addHelpText(
      'after',
      `
Examples:
  $ capkit result 37223a89-06ed-442c-a0b8-22067b79c5b4
  $ capkit result 37223a89-06ed-442c-a0b8-22067b79c5b4 --created-at 2025-01-01T12:00:00Z --queries-used 12
  $ capkit result 37223a89-06ed-442c-a0b8-22067b79c5b4 --json`,
    )
    .action((taskId: string, options: ResultOptions) => run((context) => resultCommand(taskId, options, context)));
}
