/** The CLI's usage-error codes for the parser's (commander's) error codes. */
const USAGE_CODES: Readonly<Record<string, string>> = {
  'commander.unknownOption': 'CAPKIT_UNKNOWN_OPTION',
  'commander.unknownCommand': 'CAPKIT_UNKNOWN_COMMAND',
  'commander.invalidArgument': 'CAPKIT_INVALID_ARGUMENT',
  'commander.missingArgument': 'CAPKIT_MISSING_ARGUMENT',
  'commander.optionMissingArgument': 'CAPKIT_MISSING_ARGUMENT',
  'commander.missingMandatoryOptionValue': 'CAPKIT_MISSING_ARGUMENT',
  'commander.excessArguments': 'CAPKIT_EXCESS_ARGUMENTS',
  'commander.conflictingOption': 'CAPKIT_CONFLICTING_OPTIONS',
};

/**
 * The code a usage error carries in `--json`: one of the CLI's own `CAPKIT_*` codes, never the parser's
 * `commander.*` (`CAPKIT_USAGE` for any other parser error).
 */
export function usageCodeOf(parserCode: string): string {
  return USAGE_CODES[parserCode] ?? 'CAPKIT_USAGE';
}
