import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './faults.js';
import type { EmulatorOptions } from './options.js';

/** The CLI's usage text. */
export const CLI_USAGE = `Usage: capkit-emulator [options]

A local CapSolver emulator for tests. Prints its URL as the first line of stdout.

Options:
  --port <n>              port to listen on (default 0: a free port)
  --host <host>           interface to listen on (default 127.0.0.1)
  --seed <n>              seed of every random choice (default: random)
  --time-scale <x>        multiply every service duration by x (0.01 = 100x faster; default 1)
  --fault-rate <p>        probability of a random fault per request (default 0)
  --fault-kinds <a,b>     fault kinds to draw from (default: all): ${FAULT_KINDS.join(', ')}
  --api-key <key>         accepted clientKey, repeatable; '*' accepts any (default CAP-EMULATOR-KEY)
  --balance <usd>         starting balance (default 100)
  --task-id-format <f>    uuid (default) or numeric
  --idle-fraction <p>     answer "idle" for the first share p (0..1) of each solve time (default 0:
                          "processing", as the service does)

Tolerance for other vendors' clients (off by default; CapSolver's own spellings, null fields,
ClientKey and type-name aliases are always accepted):
  --accept-unknown-task-types   serve unknown task types as generic token tasks
  --accept-key-aliases          read the key from client_key, apiKey, api_key or key
  --accept-numeric-task-ids     accept a taskId sent as a JSON number
  --accept-invalid-envelope     ignore mistyped envelope fields (tasks are still validated)
  --accept-missing-key          with --api-key '*', accept requests without a key
  --lenient                     deprecated: all of the above
  -h, --help              show this help
`;

/** What the command line asks for: options to start with, the help text, or an error. */
export type CliCommand =
  { kind: 'start'; options: EmulatorOptions } | { kind: 'help' } | { kind: 'error'; message: string };

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number, got "${value}"`);
  return parsed;
}

function faultKinds(value: string | undefined): FaultKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(',').map((kind) => kind.trim());
  const bad = kinds.find((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
  if (bad !== undefined) throw new Error(`unknown fault kind "${bad}"`);
  return kinds as FaultKind[];
}

function apiKeys(values: string[] | undefined): EmulatorOptions['apiKeys'] {
  if (!values || values.length === 0) return undefined;
  return values.includes('*') ? '*' : values;
}

/** Parses `capkit-emulator` arguments (without `node` and the script path). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'time-scale': { type: 'string' },
        'fault-rate': { type: 'string' },
        'fault-kinds': { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        balance: { type: 'string' },
        lenient: { type: 'boolean' },
        'accept-unknown-task-types': { type: 'boolean' },
        'accept-key-aliases': { type: 'boolean' },
        'accept-numeric-task-ids': { type: 'boolean' },
        'accept-invalid-envelope': { type: 'boolean' },
        'accept-missing-key': { type: 'boolean' },
        'idle-fraction': { type: 'string' },
        'task-id-format': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return { kind: 'help' };
    const format = values['task-id-format'];
    if (format !== undefined && format !== 'uuid' && format !== 'numeric') {
      throw new Error(`--task-id-format must be uuid or numeric, got "${format}"`);
    }
    const rate = number('fault-rate', values['fault-rate']);
    const kinds = faultKinds(values['fault-kinds']);
    const options: EmulatorOptions = {
      port: number('port', values.port),
      host: values.host,
      seed: number('seed', values.seed),
      timeScale: number('time-scale', values['time-scale']),
      apiKeys: apiKeys(values['api-key']),
      balance: number('balance', values.balance),
      lenient: values.lenient,
      acceptUnknownTaskTypes: values['accept-unknown-task-types'],
      acceptKeyAliases: values['accept-key-aliases'],
      acceptNumericTaskIds: values['accept-numeric-task-ids'],
      acceptInvalidEnvelope: values['accept-invalid-envelope'],
      acceptMissingKey: values['accept-missing-key'],
      idleFraction: number('idle-fraction', values['idle-fraction']),
      taskIdFormat: format,
      faults: rate === undefined && kinds === undefined ? undefined : { rate, kinds },
    };
    const defined = Object.entries(options).filter(([, value]) => value !== undefined);
    return { kind: 'start', options: Object.fromEntries(defined) as EmulatorOptions };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
