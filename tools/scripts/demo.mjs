#!/usr/bin/env node
// `npm run demo`: builds the CLI (and what it depends on) quietly, then runs `capkit demo` with the
// arguments given (`npm run demo -- --time-scale 0.1`). The build's output (tool banners, deprecation and
// timing warnings: some 290 lines on a first run) is kept back and shown only if the build fails, so the
// first screen is the demo.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Runs a command with its output captured; resolves with the exit code and everything it printed. */
function runQuietly(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(output).toString() }));
  });
}

process.stderr.write('Building capkit (a few seconds the first time)…\n');
const build = await runQuietly(npx, ['nx', 'run', '@capkit/cli:build', '--output-style=static']);
if (build.code !== 0) {
  process.stderr.write(build.output);
  process.stderr.write(`\nnpm run demo: the build failed (exit ${build.code}); its output is above.\n`);
  process.exit(build.code);
}
const demo = spawn(process.execPath, ['packages/cli/dist/bin.mjs', 'demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the demo through the terminal's process group; this process just follows its exit.
process.on('SIGINT', () => undefined);
demo.on('close', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
