import { taskMachine } from '@capkit/core/machine';
import { readFile, writeFile } from 'node:fs/promises';
import type { AnyStateMachine } from 'xstate';
import { toMermaid, type ToMermaidOptions } from './toMermaid.js';

/** The HTML comments that fence the generated diagram in a Markdown file. */
export const LIFECYCLE_DIAGRAM_MARKERS = {
  start: '<!-- lifecycle-diagram:start -->',
  end: '<!-- lifecycle-diagram:end -->',
} as const;

/** Options of {@link writeLifecycleDiagram} and {@link checkLifecycleDiagram}. */
export interface LifecycleDiagramOptions {
  /** The Markdown file holding the markers, e.g. `packages/core/README.md`. */
  readmePath: string;
  /** The machine to draw. Default: `taskMachine` from @capkit/core. */
  machine?: AnyStateMachine;
  /** Only compare; never write. Default `false`. */
  check?: boolean;
  /** Passed to {@link toMermaid}. */
  mermaid?: ToMermaidOptions;
}

/**
 * - `updated`: the file was rewritten with the current diagram.
 * - `up-to-date`: the file already holds the current diagram.
 * - `stale`: check mode, and the file holds another diagram.
 * - `missing-markers`: the file has no (well-ordered) start and end markers; nothing was written.
 */
export type LifecycleDiagramStatus = 'updated' | 'up-to-date' | 'stale' | 'missing-markers';

/** What {@link writeLifecycleDiagram} did or found. */
export interface LifecycleDiagramResult {
  readmePath: string;
  status: LifecycleDiagramStatus;
  /** `false` when a check should fail: `stale` or `missing-markers`. */
  ok: boolean;
  /** One line for a terminal, saying what happened and how to fix it. */
  message: string;
  /** The Mermaid source derived from the machine. */
  diagram: string;
}

/**
 * Writes the machine's Mermaid diagram between {@link LIFECYCLE_DIAGRAM_MARKERS} in a Markdown file,
 * as a fenced `mermaid` block (GitHub renders it). With `check: true` it writes nothing and reports
 * whether the file is stale instead — the form CI runs, so the committed diagram can never drift
 * from the machine.
 *
 * @example
 * ```ts
 * const result = await writeLifecycleDiagram({ readmePath: 'packages/core/README.md' });
 * console.log(result.message);
 * ```
 */
export async function writeLifecycleDiagram(options: LifecycleDiagramOptions): Promise<LifecycleDiagramResult> {
  const { readmePath } = options;
  const diagram = toMermaid(options.machine ?? taskMachine, options.mermaid);
  const current = await readFile(readmePath, 'utf8');
  const next = replaceDiagramSection(current, diagram);
  const result = (status: LifecycleDiagramStatus, message: string): LifecycleDiagramResult => ({
    readmePath,
    status,
    ok: status === 'updated' || status === 'up-to-date',
    message,
    diagram,
  });
  if (next === undefined) {
    const { start, end } = LIFECYCLE_DIAGRAM_MARKERS;
    return result('missing-markers', `${readmePath}: add the lines ${start} and ${end} where the diagram goes`);
  }
  if (next === current) return result('up-to-date', `${readmePath}: lifecycle diagram is up to date`);
  if (options.check) {
    return result('stale', `${readmePath}: lifecycle diagram is stale; regenerate it with \`capkit diagram\``);
  }
  await writeFile(readmePath, next);
  return result('updated', `${readmePath}: lifecycle diagram updated`);
}

/** {@link writeLifecycleDiagram} in check mode: reports `stale` / `missing-markers`, never writes. */
export function checkLifecycleDiagram(
  options: Omit<LifecycleDiagramOptions, 'check'>,
): Promise<LifecycleDiagramResult> {
  return writeLifecycleDiagram({ ...options, check: true });
}

/**
 * Replaces whatever sits between the markers with a fenced `mermaid` block, keeping the file's line
 * endings. Returns `undefined` when the markers are missing or out of order.
 */
export function replaceDiagramSection(markdown: string, diagram: string): string | undefined {
  const { start, end } = LIFECYCLE_DIAGRAM_MARKERS;
  const startIndex = markdown.indexOf(start);
  const endIndex = markdown.indexOf(end, startIndex + start.length);
  if (startIndex === -1 || endIndex === -1) return undefined;
  const eol = markdown.includes('\r\n') ? '\r\n' : '\n';
  const block = ['', '```mermaid', ...diagram.trimEnd().split('\n'), '```', ''].join(eol);
  return markdown.slice(0, startIndex + start.length) + block + markdown.slice(endIndex);
}
