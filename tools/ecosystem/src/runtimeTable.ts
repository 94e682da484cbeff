import { readFileSync, writeFileSync } from 'node:fs';
import { SCENARIOS, type ScenarioResult } from './consumer/scenarios.ts';

/** What one runtime came to: its version and each scenario's result, or why it could not run at all. */
export interface RuntimeRun {
  id: string;
  label: string;
  consumer: string;
  /** The version shown in the README: pinned ones exactly, the system Chromium by name only (Debian updates it). */
  shownVersion: string;
  version: string;
  results: ScenarioResult[];
  failure?: string | undefined;
  ms: number;
}

const START = '<!-- runtime-table:start -->';
const END = '<!-- runtime-table:end -->';

/** The README's runtime table for these runs: one row per runtime, one column per scenario. */
export function renderRuntimeTable(runs: readonly RuntimeRun[]): string {
  const header = ['runtime', 'version', 'how the consumer loads capkit', ...SCENARIOS];
  const rows = runs.map((run) => [
    run.label,
    run.shownVersion,
    run.consumer,
    ...SCENARIOS.map((name) => (run.results.find((r) => r.name === name)?.ok ? '✅' : '❌')),
  ]);
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The table now between the README's markers, or `undefined` when it has none. */
export function readReadmeTable(readmePath: string): string | undefined {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START.length, end).trim();
}

/** Puts `table` between the README's markers. */
export function writeReadmeTable(readmePath: string, table: string): void {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no ${START} … ${END} section`);
  writeFileSync(readmePath, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
}
