import { startEmulator, forceHintUrl, type Emulator } from '@capkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from '../formatTable.js';
import { runPool } from '../runPool.js';
import { leaksSecret, SECRET_KEY } from '../secrets/createSecretScan.js';
import { runCapkit, type CapkitRun } from '../secrets/runCapkit.js';
import { startEchoServer, type EchoServer } from '../secrets/startEchoServer.js';

/** One CLI invocation: arguments, where it points, and the exit code it must end with. */
interface CliCase {
  name: string;
  args: (servers: Servers) => string[];
  /** Where CAPSOLVER_BASE_URL points; none when the case passes --base-url itself. */
  baseUrl?: (servers: Servers) => string;
  /** The key goes in CAPSOLVER_API_KEY, unless the case passes it with --api-key. */
  keyInEnv?: boolean;
  exitCode: number;
}

interface Servers {
  emulator: Emulator;
  denying: Emulator;
  echo: EchoServer;
}

const recaptcha = (websiteURL: string) => [
  'solve',
  '--type',
  'ReCaptchaV2TaskProxyLess',
  '--param',
  `websiteURL=${websiteURL}`,
  '--param',
  'websiteKey=6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
];

const CASES: CliCase[] = [
  {
    name: 'solve: success',
    args: () => recaptcha(forceHintUrl('ready', { solveMs: 0 })),
    baseUrl: (s) => s.emulator.url,
    exitCode: 0,
  },
  {
    name: 'solve: unsolvable',
    args: () => recaptcha(forceHintUrl('unsolvable', { solveMs: 0 })),
    baseUrl: (s) => s.emulator.url,
    exitCode: 1,
  },
  {
    name: 'solve: key refused',
    args: () => recaptcha('https://secrets.capkit.test/'),
    baseUrl: (s) => s.denying.url,
    exitCode: 4,
  },
  {
    name: 'solve: invalid task (no request)',
    args: () => ['solve', '--type', 'ReCaptchaV2TaskProxyLess', '--param', 'websiteURL=https://secrets.capkit.test/'],
    baseUrl: (s) => s.emulator.url,
    exitCode: 2,
  },
  {
    name: 'solve: connection refused',
    args: () => recaptcha('https://secrets.capkit.test/'),
    baseUrl: () => 'http://127.0.0.1:1',
    exitCode: 5,
  },
  {
    name: 'solve: --timeout runs out',
    args: () => ['--timeout', '1', ...recaptcha(forceHintUrl('ready', { solveMs: 600_000 }))],
    baseUrl: (s) => s.emulator.url,
    exitCode: 3,
  },
  {
    name: 'solve: upstream echoes the key',
    args: () => recaptcha('https://secrets.capkit.test/'),
    baseUrl: (s) => s.echo.url,
    exitCode: 2,
  },
  { name: 'balance: success', args: () => ['balance'], baseUrl: (s) => s.emulator.url, exitCode: 0 },
  {
    name: 'balance: key refused, key given as --api-key',
    args: (s) => ['--api-key', SECRET_KEY, '--base-url', s.denying.url, 'balance'],
    keyInEnv: false,
    exitCode: 4,
  },
  {
    name: 'balance: insecure --base-url refused',
    args: () => ['--base-url', 'http://example.com', 'balance'],
    exitCode: 2,
  },
  {
    name: 'balance: CAPSOLVER_API_KEY and CAPSOLVER_BASE_URL swapped',
    args: () => ['balance'],
    baseUrl: () => SECRET_KEY,
    exitCode: 2,
  },
  // Refused up front as bad usage (exit 2), before any request, without quoting the value.
  {
    name: 'result: the key pasted as the task id',
    args: () => ['result', SECRET_KEY],
    baseUrl: (s) => s.emulator.url,
    exitCode: 2,
  },
];

describe('secrets: the CLI never prints the key', () => {
  let servers: Servers;
  const runs: Array<{ name: string; mode: string; run: CapkitRun }> = [];

  beforeAll(async () => {
    const [emulator, denying, echo] = await Promise.all([
      startEmulator({ seed: 23, apiKeys: [SECRET_KEY] }),
      startEmulator({ seed: 24, apiKeys: ['CAP-SOME-OTHER-KEY'] }),
      startEchoServer(),
    ]);
    servers = { emulator, denying, echo };
    const jobs = CASES.flatMap((cliCase) => [['--json'], []].map((mode) => ({ cliCase, mode })));
    const settled = await runPool(jobs.length, 6, async (index) => {
      const { cliCase, mode } = jobs[index]!;
      const env: Record<string, string> = {};
      if (cliCase.keyInEnv !== false) env.CAPSOLVER_API_KEY = SECRET_KEY;
      if (cliCase.baseUrl) env.CAPSOLVER_BASE_URL = cliCase.baseUrl(servers);
      const run = await runCapkit([...mode, ...cliCase.args(servers)], env);
      runs.push({ name: cliCase.name, mode: mode.length ? 'json' : 'plain', run });
    });
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    console.log(
      formatTable(
        'Secrets: CLI output',
        ['command', 'mode', 'exit', 'bytes printed', 'hits'],
        runs
          .sort((a, b) => a.name.localeCompare(b.name) || a.mode.localeCompare(b.mode))
          .map(({ name, mode, run }) => [
            name,
            mode,
            run.exitCode ?? 'killed',
            run.stdout.length + run.stderr.length,
            Number(leaksSecret(run.stdout)) + Number(leaksSecret(run.stderr)),
          ]),
      ),
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all([servers.emulator.close(), servers.denying.close(), servers.echo.close()]);
  });

  it.each(CASES.flatMap((cliCase) => ['json', 'plain'].map((mode) => [cliCase.name, mode, cliCase] as const)))(
    '%s (%s)',
    (name, mode, cliCase) => {
      const found = runs.find((entry) => entry.name === name && entry.mode === mode);
      expect(found, 'the CLI was not run').toBeDefined();
      const { run } = found!;
      expect(run.exitCode, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(cliCase.exitCode);
      if (mode === 'json') expect(() => JSON.parse(run.stdout)).not.toThrow();
      expect(leaksSecret(run.stdout), run.stdout).toBe(false);
      expect(leaksSecret(run.stderr), run.stderr).toBe(false);
    },
  );
});
