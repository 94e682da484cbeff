import type { TaskType } from '@capkit/api';
import {
  ConfigurationError,
  isCapSolverError,
  type CapSolverClient,
  type PollPolicy,
  type SolveOptions,
  type TaskProgress,
  type TaskStore,
} from '@capkit/core';
import type { Captcha, SolvableCaptcha } from './Captcha.js';
import {
  CaptchaInjectionError,
  CaptchaNotFoundError,
  CaptchaPageError,
  CaptchaSolveError,
  UnsupportedCaptchaError,
} from './errors.js';
import { locateCaptchas, type FindCaptchasOptions, type LocatedCaptcha } from './findCaptchas.js';
import type { FrameDriver, PageDriver } from './PageDriver.js';
import { DEFAULT_FRAME_TIMEOUT_MS, evaluateWithin } from './evaluateWithin.js';
import { injectExpression, parseInjectOutput } from './pageScripts.js';
import type { InjectOutput } from './scripts/scriptTypes.js';

/** Options of {@link solveCaptchas}. */
export interface SolveCaptchasOptions extends FindCaptchasOptions {
  /** The capkit client that solves the tasks (any poll policy, callback mode, store). */
  client: CapSolverClient;
  /** Cancels everything: the scan, every task's wait and request; nothing is injected afterwards. */
  signal?: AbortSignal | undefined;
  /** Gives up (error code `TIMEOUT`) when the captchas are not all solved and injected by then. */
  timeoutMs?: number | undefined;
  /** Called at every step of every task. */
  onProgress?: ((event: CaptchaProgress) => void) | undefined;
  /** Which of the found captchas to solve (default: all). */
  filter?: ((captcha: Captcha) => boolean) | undefined;
  /** The tasks' poll policy, instead of the client's. */
  pollPolicy?: PollPolicy | undefined;
  /** Where the tasks are kept (resume after a crash), instead of the client's store. */
  store?: TaskStore | undefined;
  /** The user agent sent with reCAPTCHA tasks. Default: the page's own `navigator.userAgent`. */
  userAgent?: string | undefined;
}

/** One progress step of one captcha's task. */
export interface CaptchaProgress {
  captcha: SolvableCaptcha;
  progress: TaskProgress;
}

/** What {@link solveCaptchas} did for one captcha. */
export interface SolvedCaptcha {
  captcha: SolvableCaptcha;
  /** The task type that solved it. */
  type: TaskType;
  taskId: string;
  /** `getTaskResult` queries used (0 for recognition tasks, answered inside createTask). */
  queries: number;
  /** From the start of the task to the solution, in ms. */
  elapsedMs: number;
  /** The token (or, for an image captcha, the recognised text) that was put into the page. */
  token: string;
  /** What was done with it, e.g. `['g-recaptcha-response x1', 'grecaptcha.getResponse', 'callback onSuccess']`. */
  injected: string[];
}

/** Marks the abort that `timeoutMs` causes, to tell it from the caller's. */
class DeadlineReached extends Error {}

/**
 * Finds the captchas of a page (see `findCaptchas`), solves them all at once through the capkit client,
 * and puts each token where the site reads it, firing the site's callback (see `injectInFrame` for
 * exactly what is set). Resolves with one {@link SolvedCaptcha} per captcha once all are injected.
 *
 * Fails with a typed error naming the frame and the widget: {@link CaptchaNotFoundError} (nothing found
 * or nothing passed `filter`), {@link UnsupportedCaptchaError} (hCaptcha, an unreadable image: checked
 * before any task is created), {@link CaptchaSolveError} (the task failed, was cancelled or ran out of
 * time; the other tasks are then cancelled too) or {@link CaptchaInjectionError} (the token could not be
 * put in; it carries the `taskId`).
 *
 * Most callers use the adapters' `solveCaptchas(page, options)` (`@capkit/playwright`, `@capkit/puppeteer`).
 */
export async function solveCaptchas(driver: PageDriver, options: SolveCaptchasOptions): Promise<SolvedCaptcha[]> {
  checkSolveOptions(options);
  options.signal?.throwIfAborted();
  const controller = new AbortController();
  const forward = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  const deadline =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new DeadlineReached()), options.timeoutMs);
  try {
    const wanted = (captcha: Captcha): boolean => !options.filter || options.filter(captcha);
    const located = await locateCaptchas(driver, { ...options, signal: controller.signal }, wanted).catch(
      (error: unknown) => {
        throw controller.signal.aborted ? toPageError(error, undefined, controller.signal, options) : error;
      },
    );
    const selected = options.filter ? located.filter((entry) => options.filter?.(entry.captcha)) : located;
    const solvable = selectSolvable(selected, located.length);
    const userAgent = solvable.some((entry) => entry.captcha.kind.startsWith('recaptcha'))
      ? (options.userAgent ?? (await pageUserAgent(driver)))
      : undefined;
    const failures: CaptchaPageError[] = [];
    const results = await Promise.allSettled(
      solvable.map((entry) =>
        solveOne(entry, { ...options, userAgent }, controller.signal).catch((error: unknown) => {
          const failure = toPageError(error, entry.captcha, controller.signal, options);
          // The first failure stops the others: nothing more is paid for or injected.
          if (!controller.signal.aborted) controller.abort(failure);
          failures.push(failure);
          throw failure;
        }),
      ),
    );
    const solved = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (solved.length === solvable.length) return solved;
    const { reason } = controller.signal;
    throw reason instanceof CaptchaPageError
      ? reason
      : (failures[0] ?? toPageError(reason, undefined, controller.signal, options));
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', forward);
  }
}

/** Bad options are a {@link ConfigurationError} naming the option, before any scan or request. */
function checkSolveOptions(options: SolveCaptchasOptions): void {
  const client: unknown = options?.client;
  if (typeof client !== 'object' || client === null || !('solve' in client) || typeof client.solve !== 'function') {
    throw new ConfigurationError('`client` must be a capkit client, e.g. createClient() from @capkit/node');
  }
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new ConfigurationError(`\`timeoutMs\` must be a finite number > 0 (got ${String(timeoutMs)})`);
  }
  for (const name of ['filter', 'onProgress'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && typeof value !== 'function')
      throw new ConfigurationError(`\`${name}\` must be a function`);
  }
}

interface SolvableEntry {
  captcha: SolvableCaptcha;
  frame: FrameDriver;
}

function selectSolvable(selected: LocatedCaptcha[], foundCount: number): SolvableEntry[] {
  if (selected.length === 0) {
    throw new CaptchaNotFoundError(
      foundCount === 0
        ? 'No captcha was found on the page (main frame and every iframe were scanned)'
        : `None of the ${foundCount} captchas found on the page passed the filter`,
    );
  }
  const solvable: SolvableEntry[] = [];
  for (const { captcha, frame } of selected) {
    if (captcha.kind === 'unsupported') {
      throw new UnsupportedCaptchaError(
        `Cannot solve the ${captcha.vendor} captcha ${where(captcha)}: ${captcha.reason}. Nothing was sent to the service`,
        { frame: captcha.frame, widget: captcha.widget, captcha },
      );
    }
    solvable.push({ captcha, frame });
  }
  return solvable;
}

async function pageUserAgent(driver: PageDriver): Promise<string | undefined> {
  const main = driver.frames()[0]?.frame;
  const value = await main?.evaluate('navigator.userAgent').catch(() => undefined);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `div.g-recaptcha#login in frame main > iframe 0 (http://…)`. */
function where(captcha: Captcha): string {
  return `${captcha.widget} in frame ${captcha.frame.path} (${captcha.frame.url})`;
}

type SolveOneOptions = Pick<
  SolveCaptchasOptions,
  'client' | 'onProgress' | 'pollPolicy' | 'store' | 'frameTimeoutMs'
> & {
  userAgent: string | undefined;
};

async function solveOne(entry: SolvableEntry, options: SolveOneOptions, signal: AbortSignal): Promise<SolvedCaptcha> {
  const { captcha } = entry;
  const solveOptions: SolveOptions = {
    signal,
    pollPolicy: options.pollPolicy,
    store: options.store,
    onProgress: options.onProgress ? (progress) => options.onProgress?.({ captcha, progress }) : undefined,
  };
  const solved = await solveTask(captcha, options, solveOptions);
  signal.throwIfAborted();
  const injected = await inject(entry, solved, options.frameTimeoutMs ?? DEFAULT_FRAME_TIMEOUT_MS);
  return { captcha, type: captcha.task.type, ...solved, injected };
}

// What a frame says when it goes away while a script runs in it (Playwright's and Puppeteer's wording).
const NAVIGATED = /context was destroyed|navigat|detached|target closed|session closed/i;

/** Puts the token in (`fill`), then fires the site's callback (`callback`); returns what was done. */
async function inject(
  entry: SolvableEntry,
  solved: { taskId: string; queries: number; token: string },
  frameTimeoutMs: number,
): Promise<string[]> {
  const { captcha, frame } = entry;
  const run = async (step: 'fill' | 'callback') => {
    const input = { kind: injectKind(captcha), ref: captcha.ref, value: solved.token, step };
    return parseInjectOutput(await evaluateWithin(frame, injectExpression(input), frameTimeoutMs));
  };
  const fail = (problem: string) =>
    new CaptchaInjectionError(
      `Solved the ${captcha.kind} captcha ${where(captcha)} (task ${solved.taskId}) but could not put the token in: ${problem}`,
      { frame: captcha.frame, widget: captcha.widget, captcha, taskId: solved.taskId, queries: solved.queries },
    );
  const filled = await run('fill').catch((error: unknown) => ({ ok: false as const, problem: messageOf(error) }));
  if (!filled.ok) throw fail(filled.problem);
  if (!filled.callback) return filled.injected;
  let fired: InjectOutput;
  try {
    fired = await run('callback');
  } catch (error) {
    if (!NAVIGATED.test(messageOf(error))) throw fail(messageOf(error));
    // The frame was alive a moment ago and the callback exists: its own navigation (a form submit) ended the script.
    return [...filled.injected, `callback ${filled.callback} (the page navigated)`];
  }
  if (!fired.ok) throw fail(fired.problem);
  return [...filled.injected, ...fired.injected];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function injectKind(captcha: SolvableCaptcha): 'recaptcha' | 'turnstile' | 'image' {
  if (captcha.kind === 'turnstile') return 'turnstile';
  if (captcha.kind === 'image-to-text') return 'image';
  return 'recaptcha';
}

async function solveTask(
  captcha: SolvableCaptcha,
  options: SolveOneOptions,
  solveOptions: SolveOptions,
): Promise<{ taskId: string; queries: number; elapsedMs: number; token: string }> {
  const { client } = options;
  if (captcha.kind === 'turnstile') {
    const { taskId, queries, elapsedMs, solution } = await client.solve(captcha.task, solveOptions);
    return { taskId, queries, elapsedMs, token: solution.token };
  }
  if (captcha.kind === 'image-to-text') {
    const { taskId, queries, elapsedMs, solution } = await client.solve(captcha.task, solveOptions);
    return { taskId, queries, elapsedMs, token: solution.text };
  }
  // reCAPTCHA tokens are tied to the browser: the solver uses the page's user agent.
  const task = options.userAgent ? { ...captcha.task, userAgent: options.userAgent } : captcha.task;
  const { taskId, queries, elapsedMs, solution } = await client.solve(task, solveOptions);
  return { taskId, queries, elapsedMs, token: solution.gRecaptchaResponse };
}

/** The error `solveCaptchas` throws for `error`, raised while solving `captcha` (or while scanning). */
function toPageError(
  error: unknown,
  captcha: SolvableCaptcha | undefined,
  signal: AbortSignal,
  options: SolveCaptchasOptions,
): CaptchaPageError {
  if (error instanceof CaptchaPageError) return error;
  const subject = captcha ? `the ${captcha.kind} captcha ${where(captcha)}` : 'the captchas of the page';
  const context = {
    frame: captcha?.frame,
    widget: captcha?.widget,
    captcha,
    cause: error,
    taskId: isCapSolverError(error) ? error.taskId : undefined,
    queries: isCapSolverError(error) ? error.queries : undefined,
  };
  if (signal.aborted && signal.reason instanceof DeadlineReached) {
    return new CaptchaSolveError(`Solving ${subject} did not finish within ${options.timeoutMs} ms`, {
      ...context,
      code: 'TIMEOUT',
      retryable: true,
    });
  }
  if (signal.aborted && signal.reason instanceof CaptchaPageError) {
    return new CaptchaSolveError(`Stopped solving ${subject}: another captcha of the page failed`, {
      ...context,
      code: 'ABORTED',
    });
  }
  if (signal.aborted) return new CaptchaSolveError(`Solving ${subject} was cancelled`, { ...context, code: 'ABORTED' });
  const message = error instanceof Error ? error.message : String(error);
  return new CaptchaSolveError(`Solving ${subject} failed: ${message}`, {
    ...context,
    code: isCapSolverError(error) ? error.code : 'UNKNOWN_ERROR',
    retryable: isCapSolverError(error) ? error.retryable : false,
  });
}
