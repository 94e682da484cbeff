import { TS_HEADER } from './header.mjs';
import { VOCABULARY } from './readExtensions.mjs';
import { doc, key, primitive, str, tuple, union } from './tsLiteral.mjs';

/**
 * Renders `constants.ts`: the x-capkit-* extensions and a few facts of the spec (servers, paths,
 * statuses) as typed `as const` values, plus the types derived from them.
 * @param {import('./readExtensions.mjs').CapkitModel} model
 * @returns {string}
 */
export function renderConstants(model) {
  return [
    TS_HEADER,
    "import type { components } from './schema.js';\n",
    renderServers(model.servers),
    renderMethods(model.methods),
    renderLimits(model.limits),
    renderStatuses(model.statuses),
    renderErrors(model.errors),
    renderErrorRules(model.errors),
    renderTasks(model.tasks),
    renderSyncTaskTypes(model.tasks),
    renderTaskTypeAliases(model.tasks),
    renderSolutionMap(model.tasks),
  ].join('\n');
}

function entryLines(fields, indent) {
  return Object.entries(fields)
    .map(([name, value]) => `${indent}${key(name)}: ${primitive(value)},\n`)
    .join('');
}

function renderServers(servers) {
  return (
    doc('The API servers, primary first (`servers` of the spec).') +
    `export const SERVERS = ${tuple(servers)};\n\n` +
    doc('One of the API servers.') +
    'export type Server = (typeof SERVERS)[number];\n'
  );
}

function renderMethods(methods) {
  return (
    doc('The API methods, each a `POST /<method>` (the `paths` of the spec).') +
    `export const METHODS = ${tuple(methods)};\n\n` +
    doc('One API method name.') +
    'export type Method = (typeof METHODS)[number];\n'
  );
}

function renderLimits(limits) {
  return (
    doc(
      'The service limits (`x-capkit-limits`): query budget per task, result lifetime, poll interval, solve window.',
    ) +
    `export const LIMITS = {\n${entryLines(limits, '  ')}} as const;\n\n` +
    doc('The shape of `LIMITS` with plain numbers, for overrides such as `Partial<Limits>`.') +
    'export type Limits = { readonly [K in keyof typeof LIMITS]: number };\n'
  );
}

function renderStatuses(statuses) {
  return (
    doc('Every task status (`TaskStatus` enum). `failed` is undocumented and kept for defence.') +
    `export const TASK_STATUSES = ${tuple(statuses)};\n`
  );
}

function renderErrors(errors) {
  const entries = errors
    .map(
      ({ code, ...info }) =>
        doc(info.description, '  ') +
        `  ${key(code)}: {\n${entryLines(
          {
            category: info.category,
            retryable: info.retryable,
            retry: info.retry,
            httpStatus: info.httpStatus,
            description: info.description,
          },
          '    ',
        )}  },\n`,
    )
    .join('');
  return (
    doc('What an error means for the caller: whose fault it is and which remedy applies.') +
    `export type ErrorCategory = ${union(VOCABULARY.category)};\n\n` +
    doc(
      'How to retry: `request` = resend the same request after a backoff; `new-task` = create a new task; ' +
        '`after-cooldown` = stop all traffic until the block expires; `no` = do not retry.',
    ) +
    `export type RetryKind = ${union(VOCABULARY.retry)};\n\n` +
    doc('The catalogue entry of one error code.') +
    'export interface ErrorCodeInfo {\n' +
    '  readonly category: ErrorCategory;\n' +
    '  readonly retryable: boolean;\n' +
    '  readonly retry: RetryKind;\n' +
    '  readonly httpStatus: number;\n' +
    '  readonly description: string;\n' +
    '}\n\n' +
    doc('Every documented `errorCode` (`x-capkit-errors`), with its category and retry advice.') +
    `export const ERROR_CODES = {\n${entries}} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;\n\n` +
    doc('A documented `errorCode`. The wire value is an open string; narrow it with `isErrorCode`.') +
    'export type ErrorCode = keyof typeof ERROR_CODES;\n'
  );
}

/** Field names of `ErrorCodeInfo` that code acts on (everything but the description). */
const RULE_FIELDS = ['category', 'retryable', 'retry', 'httpStatus'];

/** `ERROR_CODES` without descriptions, one line per code: what a bundle needs to act on errors. */
function renderErrorRules(errors) {
  const entries = errors
    .map(
      ({ code, ...info }) =>
        `  ${key(code)}: { ${RULE_FIELDS.map((field) => `${field}: ${primitive(info[field])}`).join(', ')} },\n`,
    )
    .join('');
  return (
    doc('What code acts on for an error code: its `ErrorCodeInfo` without the description.') +
    "export type ErrorCodeRule = Omit<ErrorCodeInfo, 'description'>;\n\n" +
    doc(
      '`ERROR_CODES` without the descriptions (same codes, same category and retry advice): import this ' +
        'compact table where bundle size matters and the descriptions are not shown (`@capkit/core` does).',
    ) +
    `export const ERROR_CODE_RULES = {\n${entries}} as const satisfies { readonly [code in ErrorCode]: ErrorCodeRule };\n`
  );
}

/** The task types whose `mode` is `sync`, as a tuple. */
function renderSyncTaskTypes(tasks) {
  const sync = tasks.filter((task) => task.mode === 'sync').map((task) => task.type);
  return (
    doc(
      "The task types answered inside `createTask` (`mode: 'sync'` in `TASK_TYPES`, recognition tasks), in spec " +
        'order: a compact alternative to `TASK_TYPES` where only the mode matters.',
    ) + `export const SYNC_TASK_TYPES = ${tuple(sync)} satisfies ReadonlyArray<TaskType>;\n`
  );
}

/** `x-capkit-aliases` as one alias -> canonical type map, in spec order. */
function renderTaskTypeAliases(tasks) {
  const lines = tasks.flatMap((task) => task.aliases.map((alias) => `  ${key(alias)}: ${str(task.type)},\n`)).join('');
  return (
    doc(
      'Other spellings of task type names, seen in the docs and in official or popular clients ' +
        '(`x-capkit-aliases`), each mapped to its canonical `TaskType`. Type names also match ' +
        'case-insensitively; `canonicalTaskType` applies both rules.',
    ) + `export const TASK_TYPE_ALIASES = {\n${lines}} as const satisfies { readonly [alias: string]: TaskType };\n`
  );
}

function renderTasks(tasks) {
  const families = [...new Set(tasks.map((task) => task.family))];
  const entries = tasks
    .map(
      (task) =>
        (task.description ? doc(task.description, '  ') : '') +
        `  ${key(task.type)}: {\n${entryLines(
          { mode: task.mode, proxy: task.proxy, family: task.family, solution: task.solution, getToken: task.getToken },
          '    ',
        )}  },\n`,
    )
    .join('');
  return (
    doc('`sync` tasks answer inside `createTask`; `async` tasks are polled with `getTaskResult`.') +
    `export type TaskMode = ${union(VOCABULARY.mode)};\n\n` +
    doc("`none` (recognition), `built-in` (CapSolver's proxies, `…ProxyLess`) or `required` (the caller's proxy).") +
    `export type ProxyNeed = ${union(VOCABULARY.proxy)};\n\n` +
    doc('The captcha family of a task type; types of one family share a solution shape.') +
    `export type TaskFamily = ${union(families)};\n\n` +
    doc('The catalogue entry of one task type.') +
    'export interface TaskTypeInfo {\n' +
    '  readonly mode: TaskMode;\n' +
    '  readonly proxy: ProxyNeed;\n' +
    '  readonly family: TaskFamily;\n' +
    "  /** Name of the solution schema in `components['schemas']`. */\n" +
    "  readonly solution: keyof components['schemas'];\n" +
    '  /** Whether `getToken` accepts this type. */\n' +
    '  readonly getToken: boolean;\n' +
    '}\n\n' +
    doc('Every current task type (`x-capkit-task` of each `Task` member), in the order of the spec.') +
    `export const TASK_TYPES = {\n${entries}} as const satisfies Readonly<Record<string, TaskTypeInfo>>;\n\n` +
    doc('A current task type name (the discriminator of `Task`).') +
    'export type TaskType = keyof typeof TASK_TYPES;\n'
  );
}

function renderSolutionMap(tasks) {
  const lines = tasks.map((task) => `  ${key(task.type)}: components['schemas'][${str(task.solution)}];\n`).join('');
  return (
    doc('The solution shape of each task type (`x-capkit-task.solution`).') +
    `export interface SolutionMap {\n${lines}}\n`
  );
}
