import type { Command } from 'commander';
import { createCliClient } from '../createCliClient.js';
import type { CommandContext } from '../CommandContext.js';
import type { RunAction } from '../CommandContext.js';
import { EXIT_CODES, type ExitCode } from '../exitCodes.js';

/** `capkit balance`: prints the account balance (USD) and its packages. */
export async function balanceCommand(context: CommandContext): Promise<ExitCode> {
  const client = await createCliClient(context);
  const answer = await client.getBalance({ signal: context.signal });
  const packages = answer.packages ?? [];
  const lines = [
    `Balance: $${answer.balance.toFixed(4)}`,
    ...packages.map((entry) => `  package ${JSON.stringify(entry)}`),
  ];
  context.output.result({ balance: answer.balance, packages }, lines.join('\n'));
  return EXIT_CODES.success;
}

/** Registers `balance` on the program. */
export function registerBalance(program: Command, run: RunAction): void {
  program
    .command('balance')
    .summary('show the account balance')
    .description('Show the account balance in USD and the packages of the account.')
    .addHelpText(
      'after',
      `
Examples:
  $ CAPSOLVER_API_KEY=CAP-… capkit balance
  $ capkit balance --json | jq .balance`,
    )
    .action(() => run((context) => balanceCommand(context)));
}
