import { LIMITS } from '@capkit/api';
import pc from 'picocolors';
import {
  describeProgressLine,
  phaseOf,
  type LineStyle,
  type ProgressLine,
  type ProgressOutcome,
  type ProgressView,
} from './describeProgressLine.js';

export type { ProgressOutcome, ProgressView } from './describeProgressLine.js';

/**
 * - `live`: one self-rewriting line per task with a spinner (log-update), for terminals.
 * - `plain`: one line per change, for logs, pipes and `NO_COLOR`.
 * - `silent`: nothing (`--json`).
 */
export type ProgressMode = 'live' | 'plain' | 'silent';

/** Shows the progress of one or more tasks on a stream. */
export interface ProgressRenderer {
  readonly mode: ProgressMode;
  /** Adds a task line. */
  start(id: string, label: string): void;
  /** Records a progress event of a task. */
  update(id: string, progress: ProgressView): void;
  /** Marks a task as finished. */
  finish(id: string, outcome: ProgressOutcome): void;
  /** Prints a line of its own above the progress (a task id, a retry), without breaking a live display. */
  note(text: string): void;
  /** Draws the final frame and releases the terminal. */
  stop(): void;
}

/** Options of {@link createProgressRenderer}. */
export interface ProgressRendererOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  mode: ProgressMode;
  color: boolean;
  /** The task lifetime shown as "of 5:00"; the demo passes its time-scaled one. Default the spec's 5 minutes. */
  lifetimeMs?: number;
  /** Clock for elapsed times; tests pass a fake one. */
  now?: () => number;
  /**
   * Applied to every line before it is written: labels (a task id typed by the user), statuses and
   * error codes come from outside and may hold the key. Default: lines are written as they are.
   */
  redact?: (text: string) => string;
}

/** How lines are drawn, and what every drawn line passes through before it is written. */
interface RendererStyle extends LineStyle {
  redact: (text: string) => string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;

/**
 * Picks the mode for a stream: `silent` for `--json`, `live` on a TTY with colours allowed, `plain`
 * otherwise (pipes, CI logs, `NO_COLOR`, `--no-color`, `TERM=dumb`).
 */
export function progressModeFor(stream: { isTTY?: boolean }, options: { json: boolean; color: boolean }): ProgressMode {
  if (options.json) return 'silent';
  if (!stream.isTTY || !options.color || process.env.TERM === 'dumb') return 'plain';
  return 'live';
}

/**
 * Creates a progress renderer: state, status, queries used of 120 and elapsed time of the 5:00 lifetime
 * per task. The live mode loads log-update lazily, so a `--json` or piped run never touches the terminal.
 */
export async function createProgressRenderer(options: ProgressRendererOptions): Promise<ProgressRenderer> {
  const style: RendererStyle = {
    // Escape codes only reach a terminal: a pipe or a log file gets plain text whatever `color` says.
    colors: pc.createColors(options.color && Boolean(options.stream.isTTY)),
    now: options.now ?? Date.now,
    lifetimeMs: options.lifetimeMs ?? LIMITS.taskLifetimeMs,
    redact: options.redact ?? ((text) => text),
  };
  if (options.mode === 'silent') return { mode: 'silent', start() {}, update() {}, finish() {}, note() {}, stop() {} };
  if (options.mode === 'plain') return createPlainRenderer(options.stream, style);
  return createLiveRenderer(options.stream, style);
}

/**
 * Prints a line when a task's lifecycle state, status or tens of queries change (not at every query:
 * the `waiting` / `querying` steps inside `idle` and `processing` are not printed), and once when it ends.
 */
function createPlainRenderer(stream: NodeJS.WritableStream, style: RendererStyle): ProgressRenderer {
  const lines = new Map<string, ProgressLine & { printed?: string }>();
  const print = (id: string) => {
    const line = lines.get(id);
    if (!line) return;
    const { progress } = line;
    const key = line.outcome
      ? 'done'
      : `${phaseOf(progress?.state)}|${progress?.status}|${Math.floor((progress?.queries ?? 0) / 10)}`;
    // Nothing to say before the task's first step (it is about to report it).
    if (line.printed === key || (!progress && !line.outcome)) return;
    line.printed = key;
    stream.write(`${style.redact(describeProgressLine(line, style, '· '))}\n`);
  };
  return {
    mode: 'plain',
    start: (id, label) => {
      lines.set(id, { label, receivedAt: style.now() });
      print(id);
    },
    update: (id, progress) => {
      const line = lines.get(id);
      if (!line || line.outcome) return;
      Object.assign(line, { progress, receivedAt: style.now() });
      // The final state prints as the result line of `finish`.
      if (!progress.done) print(id);
    },
    finish: (id, outcome) => {
      const line = lines.get(id);
      if (!line || line.outcome) return;
      line.outcome = outcome;
      print(id);
    },
    note: (text) => void stream.write(`${style.redact(text)}\n`),
    stop: () => {},
  };
}

/** Redraws every task's line in place at a steady frame rate, with a spinner and a ticking clock. */
async function createLiveRenderer(stream: NodeJS.WritableStream, style: RendererStyle): Promise<ProgressRenderer> {
  const { createLogUpdate } = await import('log-update');
  const log = createLogUpdate(stream);
  const lines = new Map<string, ProgressLine>();
  let frame = 0;
  const render = () => {
    const spinner = style.colors.yellow(SPINNER[frame++ % SPINNER.length] ?? '-');
    log(style.redact([...lines.values()].map((line) => describeProgressLine(line, style, `${spinner} `)).join('\n')));
  };
  const timer = setInterval(render, FRAME_MS);
  return {
    mode: 'live',
    start: (id, label) => {
      lines.set(id, { label, receivedAt: style.now() });
      render();
    },
    update: (id, progress) => {
      const line = lines.get(id);
      if (line && !line.outcome) Object.assign(line, { progress, receivedAt: style.now() });
    },
    finish: (id, outcome) => {
      const line = lines.get(id);
      if (line && !line.outcome) line.outcome = outcome;
      render();
    },
    note: (text) => {
      // The live frame is erased, the note written in its place, and the frame drawn again below it.
      log.clear();
      stream.write(`${style.redact(text)}\n`);
      render();
    },
    stop: () => {
      clearInterval(timer);
      render();
      log.done();
    },
  };
}
