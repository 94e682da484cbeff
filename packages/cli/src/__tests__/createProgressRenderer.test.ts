import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressRenderer, progressModeFor, type ProgressView } from '../createProgressRenderer.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

function capture(isTTY: boolean): {
  stream: PassThrough & { isTTY?: boolean; columns?: number; rows?: number };
  text: () => string;
} {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120, rows: 40 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

const polling = (queries: number, status = 'processing'): ProgressView => ({
  state: 'processing',
  status,
  queries,
  maxQueries: 120,
  elapsedMs: queries * 3000,
});

describe('progressModeFor', () => {
  it('is live on a colour TTY, plain on pipes or without colour, silent with --json', () => {
    expect(progressModeFor({ isTTY: true }, { json: false, color: true })).toBe('live');
    expect(progressModeFor({ isTTY: false }, { json: false, color: true })).toBe('plain');
    expect(progressModeFor({}, { json: false, color: true })).toBe('plain');
    expect(progressModeFor({ isTTY: true }, { json: false, color: false })).toBe('plain');
    expect(progressModeFor({ isTTY: true }, { json: true, color: true })).toBe('silent');
  });
});

describe('createProgressRenderer', () => {
  it('plain: one line per phase, status or ten queries, then the result', async () => {
    const { stream, text } = capture(false);
    let now = 0;
    const renderer = await createProgressRenderer({ stream, mode: 'plain', color: true, now: () => now });
    renderer.start('a', 'ReCaptchaV2TaskProxyLess');
    renderer.update('a', { state: 'creating', queries: 0, maxQueries: 120, elapsedMs: 0 });
    for (let queries = 1; queries <= 12; queries++) {
      now += 3000;
      renderer.update('a', {
        ...polling(queries, queries < 3 ? 'idle' : 'processing'),
        state: queries < 3 ? 'idle' : 'processing',
      });
    }
    renderer.update('a', {
      state: 'ready',
      status: 'ready',
      queries: 12,
      maxQueries: 120,
      elapsedMs: 36_000,
      done: true,
    });
    renderer.finish('a', { ok: true, text: 'solved', queries: 12, elapsedMs: 36_000 });
    renderer.stop();
    expect(text().split('\n').filter(Boolean)).toEqual([
      '· ReCaptchaV2TaskProxyLess  creating  queries 0/120  elapsed 0:00 of 5:00',
      '· ReCaptchaV2TaskProxyLess  idle  queries 1/120  elapsed 0:03 of 5:00',
      '· ReCaptchaV2TaskProxyLess  processing  queries 3/120  elapsed 0:09 of 5:00',
      '· ReCaptchaV2TaskProxyLess  processing  queries 10/120  elapsed 0:30 of 5:00',
      '✔ ReCaptchaV2TaskProxyLess  solved  queries 12/120  36.0 s',
    ]);
    expect(text()).not.toMatch(ANSI);
  });

  it('live: rewrites one line per task in place, with a spinner, on a TTY', async () => {
    const { stream, text } = capture(true);
    const renderer = await createProgressRenderer({ stream, mode: 'live', color: true, lifetimeMs: 60_000 });
    renderer.start('a', 'task A');
    renderer.start('b', 'task B');
    renderer.update('a', polling(3));
    renderer.finish('b', { ok: false, text: 'ERROR_CAPTCHA_UNSOLVABLE', queries: 2 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    renderer.stop();
    const output = text();
    // log-update erases the previous frame (cursor up + erase line) before drawing the next one.
    expect(output).toContain('\u001b[2K');
    expect(output).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(output).toMatch(/task A.*processing.*queries 3\/120.*of 1:00/);
    expect(output).toMatch(/✖.*task B.*ERROR_CAPTCHA_UNSOLVABLE/);
  });

  it('silent: writes nothing', async () => {
    const { stream, text } = capture(true);
    const renderer = await createProgressRenderer({ stream, mode: 'silent', color: true });
    renderer.start('a', 'A');
    renderer.update('a', polling(1));
    renderer.finish('a', { ok: true, text: 'solved' });
    renderer.stop();
    expect(text()).toBe('');
  });
});
