/** The variable holding the account key; the same one `@capkit/node`'s `readEnvConfig` reads. */
const API_KEY_VAR = 'CAPSOLVER_API_KEY';
const API_KEY_FLAG = '--api-key';

/**
 * Every API key a run may hold: `CAPSOLVER_API_KEY` and each `--api-key` value, read straight from
 * `args` (without node and the script) rather than from commander's result, so that even a run commander
 * refuses (an unknown command that is the key itself) knows what to scrub from its error. A key is
 * listed both as given and trimmed, as `readEnvConfig` trims it. Blank values are left out.
 */
export function collectApiKeys(args: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const given = [env[API_KEY_VAR], ...flagValues(args)];
  const keys = given.flatMap((key) => (key === undefined ? [] : [key, key.trim()]));
  return [...new Set(keys.filter((key) => key.trim() !== ''))];
}

/** `--api-key KEY` and `--api-key=KEY`, wherever they appear (commander accepts global options after the command). */
function flagValues(args: readonly string[]): string[] {
  return args.flatMap((arg, index) => {
    if (arg === API_KEY_FLAG) return args[index + 1] === undefined ? [] : [args[index + 1] as string];
    return arg.startsWith(`${API_KEY_FLAG}=`) ? [arg.slice(API_KEY_FLAG.length + 1)] : [];
  });
}
