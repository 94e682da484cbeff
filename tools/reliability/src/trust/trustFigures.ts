import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatTable } from '../formatTable.js';

/** The figures of one scenario of the trust suites (issue 16): all zero but `tasks` when it holds. */
export interface TrustRow {
  scenario: string;
  /** Tasks the service created (and charged) in the scenario. */
  tasks: number;
  /** Created tasks whose id is lost: neither known to the caller nor reported as `TaskMayExistError`. */
  lost: number;
  /** Tasks paid beyond one per solve. */
  doublePaid: number;
  /** Places the key reached that it must not: a browser-visible answer, another origin, an error chain. */
  keyLeaks: number;
  queriesOverBudget: number;
  queriesAfterLifetime: number;
}

/** Collects the rows of a suite and prints and writes them as its report. */
export interface TrustFigures {
  add(row: TrustRow): void;
  readonly rows: readonly TrustRow[];
  /** The plain-text table (with a totals row), for the test output. */
  table(): string;
  /** Writes the rows as JSON and the table as Markdown under `tools/reliability/results/`. */
  write(): Promise<string>;
}

const COLUMNS = ['tasks', 'lost', 'doublePaid', 'keyLeaks', 'queriesOverBudget', 'queriesAfterLifetime'] as const;

/** A ledger for one suite (`name` names its report files). */
export function createTrustFigures(name: string): TrustFigures {
  const rows: TrustRow[] = [];
  const totals = () => COLUMNS.map((column) => rows.reduce((sum, row) => sum + row[column], 0));
  const table = () =>
    formatTable(
      `Trust figures: ${name} (${rows.length} scenarios run)`,
      ['scenario', 'tasks', 'lost', 'double-paid', 'key leaks', 'queries over budget', 'queries after lifetime'],
      [...rows.map((row) => [row.scenario, ...COLUMNS.map((column) => row[column])]), ['total', ...totals()]],
    );
  return {
    add: (row) => void rows.push(row),
    rows,
    table,
    async write() {
      const file = join(import.meta.dirname, '..', '..', 'results', `trust-${name}.md`);
      await mkdir(dirname(file), { recursive: true });
      const [tasks, lost, doublePaid, keyLeaks, overBudget, afterLifetime] = totals();
      const summary =
        `scenarios run: ${rows.length}, tasks: ${tasks}, lost: ${lost}, double-paid: ${doublePaid}, ` +
        `key leaks: ${keyLeaks}, queries over budget: ${overBudget}, queries after lifetime: ${afterLifetime}`;
      await writeFile(file, `# Trust figures: ${name}\n\n${summary}\n\n\`\`\`\n${table().trim()}\n\`\`\`\n`);
      await writeFile(file.replace(/\.md$/, '.json'), `${JSON.stringify({ name, rows }, null, 2)}\n`);
      return file;
    },
  };
}
