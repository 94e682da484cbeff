/** The exit codes of `capkit`; scripts can branch on them. */
export const EXIT_CODES = {
  /** The command did what was asked. */
  success: 0,
  /** The API answered with an error: the task failed (unsolvable, …), an unknown task id, a failed check. */
  apiError: 1,
  /** Bad usage or invalid input (unknown type, missing parameter, malformed task.json), found before any request. */
  usage: 2,
  /** A limit ran out: the 120-query budget, the 5-minute lifetime, or `--timeout`. */
  limits: 3,
  /** The key is missing or refused, or the balance is too low. */
  auth: 4,
  /** The network or the service failed (connection, timeout, HTTP error, service unavailable). */
  transport: 5,
  /** Interrupted (Ctrl-C); a created task may still be collected with `capkit result`. */
  interrupted: 130,
} as const;

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit-code table, as printed by `capkit --help` and the README. */
export const EXIT_CODE_HELP = `Exit codes:
  0    success
  1    API error: the task failed (unsolvable, …), unknown task id, a failed --check
  2    bad usage or invalid input (reported before any request is sent)
  3    limits: the 120-query budget, the 5:00 task lifetime, or --timeout ran out
  4    auth/balance: no key, key refused, balance too low
  5    transport: network failure, request timeout, HTTP error, service unavailable
  130  interrupted (Ctrl-C)`;
