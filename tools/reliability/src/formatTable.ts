/** One table cell. */
export type Cell = string | number;

/**
 * Formats rows as a plain-text table with a title, right-aligning numbers, for the figures each suite
 * prints (`console.log(formatTable(...))`). Plain text on purpose: it reads the same in a terminal,
 * a CI log and a pasted issue comment.
 *
 * @example
 * console.log(formatTable('Outcomes', ['outcome', 'tasks'], [['solution', 812], ['UnsolvableError', 40]]));
 */
export function formatTable(title: string, headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (cells: readonly Cell[]) =>
    cells
      .map((cell, column) => {
        const text = String(cell);
        const width = widths[column] ?? text.length;
        return typeof cell === 'number' ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [`\n${title}`, line(headers), rule, ...rows.map(line)].join('\n');
}

/** Counts occurrences of each key, for the "by kind" columns of the tables. */
export function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** A tally as table rows, most frequent first. */
export function tallyRows(counts: ReadonlyMap<string, number>): Array<[string, number]> {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
