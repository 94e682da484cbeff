import { TASK_TYPES } from '@capkit/api';
import type { Command } from 'commander';
import { createCliClient } from '../createCliClient.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';
import { loadTask } from '../loadTask.js';
import { startCliCallbackReceiver } from '../startCliCallbackReceiver.js';
import { watchTask } from '../watchTask.js';

/** Options of `capkit solve`. */
export interface SolveOptions {
  type?: string;
  param?: string[];
  task?: string;
  allowUnknown?: boolean;
  callbackListen?: string;
  callbackPublicUrl?: string;
  callbackHost?: string;
}

/**
 * `capkit solve`: validates the task against the spec (exit 2 before any request when it is wrong),
 * creates it, shows live progress on stderr and prints the solution on stdout.
 */
export async function solveCommand(options: SolveOptions, context: CommandContext): Promise<ExitCode> {
  const task = await loadTask(options);
  const receiver = await startCliCallbackReceiver(options);
  let result: Awaited<ReturnType<typeof watchTask>>;
  try {
    const client = await createCliClient(context, receiver ? { callbackReceiver: receiver } : {});
    // The base URL only: each task's URL adds its secret token, which is never printed.
    if (receiver) context.output.note(`Listening for callbacks on ${receiver.url} (sent as ${receiver.publicUrl}/…).`);
    const handle = client.start(task, { signal: context.signal });
    result = await watchTask(handle, task.type, context);
  } finally {
    await receiver?.close();
  }
  context.output.result(
    {
      taskId: result.taskId,
      type: task.type,
      solution: result.solution,
      queries: result.queries,
      elapsedMs: result.elapsedMs,
    },
    JSON.stringify(result.solution, null, 2),
  );
  return EXIT_CODES.success;
}

/** Registers `solve` on the program. */
export function registerSolve(program: Command, run: RunAction): void {
  program
    .command('solve')
    .summary('create a task and wait for its solution')
    .description(
      'Create a captcha task and wait for its solution, with live progress on stderr and the solution on stdout. ' +
        'The task is checked against the API spec first: an unknown type or parameter (with the closest match ' +
        'suggested), a missing required parameter, a URL that is no URL, malformed JSON, a key in the task or a ' +
        'malformed task file is reported with its field name (exit 2) before any request is sent.',
    )
    .option('-t, --type <type>', 'the task type, e.g. ReCaptchaV2TaskProxyLess')
    .option(
      '-p, --param <key=value>',
      'a task field; JSON values are parsed (isInvisible=true, metadata={"action":"x"}), so quote a digits-only string: k=\'"0123"\'; repeatable',
      collect,
    )
    .option(
      '--task <file>',
      'read the task (or a whole createTask body) from a JSON file; --type/--param override its fields',
    )
    .option('--allow-unknown', 'send task fields the spec does not document (refused by default, as likely typos)')
    .option(
      '--callback-listen <port>',
      'callback mode: receive the result on this port (0 = any free one) instead of polling for it; one confirming query, a sparse fallback poll if the callback is lost',
    )
    .option(
      '--callback-public-url <url>',
      'the URL the service reaches the callback receiver at (a tunnel or reverse proxy), up to its path, e.g. https://me.example/capkit-callback; default the local address (reachable by the emulator only)',
    )
    .option('--callback-host <host>', 'the interface the callback receiver listens on (default 127.0.0.1)')
    .addHelpText(
      'after',
      `
Examples:
  $ capkit solve --type ReCaptchaV2TaskProxyLess \\
      --param websiteURL=https://www.google.com/recaptcha/api2/demo \\
      --param websiteKey=6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-
  $ capkit solve --type AntiTurnstileTaskProxyLess --param websiteURL=https://example.com --param websiteKey=0x4AAAA…
  $ capkit solve --task task.json --json | jq -r .solution.gRecaptchaResponse
  $ capkit solve --type ReCaptchaV2TaskProxyLess --param isInvisible=true --param websiteURL=… --param websiteKey=…
  $ capkit solve --task task.json --callback-listen 4000 --callback-public-url https://me.example/capkit-callback

Task types (sync: answered by createTask; async: polled):
${describeTaskTypes()}`,
    )
    .action((options: SolveOptions) => run((context) => solveCommand(options, context)));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The task types of the spec, a few per line, each with its mode. */
function describeTaskTypes(): string {
  const entries = Object.entries(TASK_TYPES).map(([type, info]) => `${type} (${info.mode})`);
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += 3) lines.push(`  ${entries.slice(i, i + 3).join(', ')}`);
  return lines.join('\n');
}
