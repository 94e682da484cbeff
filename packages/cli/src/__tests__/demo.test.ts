import { describe, expect, it } from 'vitest';
import { runCapkit } from './support/runCapkit.js';
import { runInProcess } from './support/runInProcess.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe.concurrent('capkit demo (child process, in-process emulator, no account)', () => {
  it('solves the mixed batch with plain progress lines and prints the summary table', async () => {
    const run = await runCapkit(['demo', '--time-scale', '0.05']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    // Progress: one plain line per change, ending with a result line per task.
    expect(run.stdout.match(/^[✔✖] /gm)).toHaveLength(9);
    expect(run.stdout).toMatch(/^· +\d\. \w+ +(idle|processing) +queries \d+\/120 +elapsed \d:\d\d of 0:15$/m);
    // The summary: every task with its outcome, the two forced failures with their codes, and totals.
    expect(run.stdout).toMatch(/│ task type +│ mode +│ scenario +│ outcome +│ queries │ latency │/);
    expect(run.stdout).toMatch(/│ ImageToTextTask +│ sync +│ recognition, answered inline +│ solved/);
    expect(run.stdout).toMatch(
      /│ ReCaptchaV2TaskProxyLess +│ async +│ forced: unsolvable while polling +│ failed: ERROR_CAPTCHA_UNSOLVABLE/,
    );
    expect(run.stdout).toMatch(
      /│ ImageToTextTask +│ sync +│ forced: refused by createTask +│ failed: ERROR_INVALID_IMAGE/,
    );
    expect(run.stdout).toMatch(
      /Totals: 7 solved, 2 failed of 9 tasks in [\d.]+ m?s; \d+ result queries .* 9 createTask calls, 1 injected fault\(s\)\./,
    );
    expect(run.stdout).toMatch(/Every task ended as expected/);
  });

  it('prints the batch as one JSON document with --json', async () => {
    const run = await runInProcess(['demo', '--time-scale', '0.05', '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as {
      ok: boolean;
      asExpected: boolean;
      rows: Array<{ type: string; ok: boolean; code?: string; queries: number }>;
      totals: Record<string, number>;
    };
    expect(document).toMatchObject({ ok: true, asExpected: true, totals: { createTaskCalls: 9, faultsInjected: 1 } });
    expect(document.rows).toHaveLength(9);
    expect(document.rows.filter((row) => !row.ok).map((row) => row.code)).toEqual([
      'ERROR_CAPTCHA_UNSOLVABLE',
      'ERROR_INVALID_IMAGE',
    ]);
    // Synchronous tasks are answered by createTask; asynchronous ones were polled, within the budget.
    for (const row of document.rows) expect(row.queries).toBeLessThanOrEqual(120);
    expect(document.rows.filter((row) => row.queries === 0).map((row) => row.type)).toEqual([
      'ImageToTextTask',
      'ReCaptchaV2Classification',
      'ImageToTextTask',
    ]);
  });
});
