import type { Command } from 'commander';
import { usageError } from '../CliError.js';
import { createCliClient } from '../createCliClient.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';
import { refuseSecret, TASK_ID_PLACE } from '../refuseSecret.js';

/** Options of `capkit feedback`. */
export interface FeedbackOptions {
  invalid?: boolean;
  valid?: boolean;
  code?: string;
  message?: string;
}

/**
 * `capkit feedback <taskId>`: tells CapSolver whether a solved task's token worked on the target site.
 * A task id holding the API key is refused (exit 2) before anything is sent or printed.
 */
export async function feedbackCommand(
  taskId: string,
  options: FeedbackOptions,
  context: CommandContext,
): Promise<ExitCode> {
  refuseSecret(taskId, TASK_ID_PLACE, context.redactor);
  if (options.invalid === options.valid)
    throw usageError('Pass exactly one of --invalid or --valid', { field: 'invalid' });
  const code = options.code === undefined ? undefined : Number(options.code);
  if (code !== undefined && !Number.isInteger(code))
    throw usageError(`--code "${options.code}" must be a whole number`, { field: 'code' });
  const result = {
    invalid: Boolean(options.invalid),
    ...(code === undefined ? {} : { code }),
    ...(options.message ? { message: options.message } : {}),
  };
  const client = await createCliClient(context);
  await client.feedback(taskId, result, { signal: context.signal });
  context.output.result(
    { taskId, result },
    `Feedback sent for task ${taskId}: ${result.invalid ? 'invalid' : 'valid'}`,
  );
  return EXIT_CODES.success;
}

/** Registers `feedback` on the program. */
export function registerFeedback(program: Command, run: RunAction): void {
  program
    .command('feedback')
    .summary('report whether a token worked')
    .description(
      "Tell CapSolver whether a solved task's token passed (--valid) or failed (--invalid) on the target site.",
    )
    .argument('<taskId>', 'the solved task')
    .option('--invalid', 'the token was rejected by the site')
    .option('--valid', 'the token was accepted by the site')
    .option('--code <n>', "the site's error code, if any")
    .option('--message <text>', "the site's error message, if any")
    .addHelpText(
      'after',
      `
Examples:
  $ capkit feedback 37223a89-06ed-442c-a0b8-22067b79c5b4 --invalid --code 1001 --message "token rejected"
  $ capkit feedback 37223a89-06ed-442c-a0b8-22067b79c5b4 --valid`,
    )
    .action((taskId: string, options: FeedbackOptions) => run((context) => feedbackCommand(taskId, options, context)));
}
