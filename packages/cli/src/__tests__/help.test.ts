import { describe, expect, it } from 'vitest';
import { runCapkit } from './support/runCapkit.js';
import { runInProcess } from './support/runInProcess.js';

const COMMANDS = ['solve', 'result', 'balance', 'feedback', 'emulator', 'diagram', 'visualize', 'demo'];

describe.concurrent('capkit --help (child process)', () => {
  it('lists every command, the environment and the exit-code table', async () => {
    const run = await runCapkit(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(run.stdout).toMatch(/CAPSOLVER_API_KEY/);
    expect(run.stdout).toMatch(
      /Exit codes:\n {2}0 +success\n {2}1 +API error.*\n {2}2 +bad usage.*\n {2}3 +limits.*\n {2}4 +auth\/balance.*\n {2}5 +transport/,
    );
  });

  it('capkit solve --help shows options, examples and the task types', async () => {
    const run = await runCapkit(['solve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: capkit solve \[options\]/m);
    expect(run.stdout).toMatch(/--param <key=value>/);
    expect(run.stdout).toMatch(/Examples:\n {2}\$ capkit solve/);
    expect(run.stdout).toMatch(/ReCaptchaV2TaskProxyLess \(async\)/);
    expect(run.stdout).toMatch(/ImageToTextTask \(sync\)/);
  });

  it('exits 2 with usage help for an unknown command, and prints the version', async () => {
    const [unknown, version] = await Promise.all([runCapkit(['solv']), runCapkit(['--version'])]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'solv'/);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('every command has --help with examples', () => {
  it.each(COMMANDS)('capkit %s --help', async (command) => {
    const run = await runInProcess([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: capkit ${command}`, 'm'));
    expect(run.stdout).toMatch(/Examples:\n {2}\$ /);
  });
});

describe('help text has no hard line breaks mid-sentence', () => {
  it('descriptions of the program, every command and every option are single paragraphs the terminal wraps', async () => {
    const { createProgram } = await import('../createProgram.js');
    const { PassThrough } = await import('node:stream');
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
    const program = createProgram(io, async () => undefined);
    const texts: Array<[string, string]> = [];
    for (const command of [program, ...program.commands]) {
      texts.push([`${command.name()} description`, command.description()]);
      for (const option of command.options) texts.push([`${command.name()} ${option.flags}`, option.description]);
    }
    expect(texts.length).toBeGreaterThan(COMMANDS.length * 2);
    for (const [where, text] of texts) expect(text, where).not.toMatch(/\n/);
  });

  it('wraps at the terminal width instead: a wide terminal gets one line per sentence group', async () => {
    const narrow = await runInProcess(['result', '--help']);
    const { createProgram } = await import('../createProgram.js');
    const { PassThrough } = await import('node:stream');
    let wide = '';
    const stdout = new PassThrough();
    stdout.on('data', (chunk: Buffer) => (wide += chunk.toString()));
    const program = createProgram({ stdout, stderr: new PassThrough(), env: {} }, async () => undefined);
    program.configureHelp({ helpWidth: 400 });
    const result = program.commands.find((command) => command.name() === 'result');
    result?.configureHelp({ helpWidth: 400 });
    stdout.write(result?.helpInformation() ?? '');
    expect(wide).toMatch(/Poll an existing task until it is ready, .* so the budget is counted right\./);
    expect(narrow.stdout).toMatch(/Poll an existing task/);
  });
});
