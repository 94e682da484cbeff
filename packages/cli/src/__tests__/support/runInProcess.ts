import { PassThrough } from 'node:stream';
import { runCli } from '../../runCli.js';
import type { CapkitRun } from './runCapkit.js';

/** Runs the same program as the bin inside the test process, with captured (non-TTY) streams. */
export async function runInProcess(args: readonly string[], env: Record<string, string> = {}): Promise<CapkitRun> {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(['node', 'capkit', ...args], { io: { stdout: stdout.stream, stderr: stderr.stream, env } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
