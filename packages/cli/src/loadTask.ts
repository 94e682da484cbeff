import { readFile } from 'node:fs/promises';
import { TASK_TYPES, type Task } from '@capkit/api';
import { CliError, usageError } from './CliError.js';
import { didYouMean } from './didYouMean.js';
import { EXIT_CODES } from './exitCodes.js';
import { parseParams } from './parseParams.js';

/** What `capkit solve` was given: a task file, a type, parameters. */
export interface TaskInput {
  task?: string;
  type?: string;
  param?: readonly string[];
  /** Send fields the spec does not document (`--allow-unknown`). Default: refused, with a suggestion. */
  allowUnknown?: boolean;
}

/** The key in a task: never sent from there, and never quoted. */
function keyInTask(where: string): CliError {
  return new CliError(
    `${where} holds a clientKey. The key belongs in CAPSOLVER_API_KEY (or --api-key), never in a task: ` +
      'remove it (capkit adds the key itself). It is not shown, and nothing was sent.',
    { exitCode: EXIT_CODES.usage, code: 'CAPKIT_KEY_IN_TASK', category: 'usage', field: 'clientKey' },
  );
}

/**
 * Builds the task from `--task task.json`, `--type` and `--param` (later ones win), then checks it
 * against the spec with the emulator's validator (ajv over `@capkit/api/openapi.json`), so an unknown
 * type, a missing required parameter or a malformed file is reported with its field name before any
 * request is sent.
 *
 * @throws a usage error (exit 2) naming the field.
 */
export async function loadTask(input: TaskInput): Promise<Task> {
  const fromFile = input.task === undefined ? {} : await readTaskFile(input.task);
  const params = parseParams(input.param ?? []);
  if ('clientKey' in params) throw keyInTask('--param');
  const task: Record<string, unknown> = { ...fromFile, ...params };
  if (input.type !== undefined) task.type = input.type;
  if (task.type === undefined) {
    throw usageError('No task type: pass --type <TaskType> or a --task file with a "type" field', {
      field: 'type',
      code: 'ERROR_INVALID_TASK_DATA',
    });
  }
  // Names first: a misspelt `websiteUrl` is reported as such, not as a missing `websiteURL`.
  const { checkTaskFields } = await import('./checkTaskFields.js');
  checkTaskFields(task, { allowUnknown: input.allowUnknown === true });
  // Loaded on demand: only `solve` pays for compiling the spec's schemas.
  const { createSpecValidator } = await import('@capkit/emulator');
  const result = createSpecValidator().validateTask(task);
  if (!result.ok) {
    const hint =
      result.code === 'ERROR_TASK_NOT_SUPPORTED'
        ? `${didYouMean(String(task.type), Object.keys(TASK_TYPES))} (see \`capkit solve --help\` for the task types)`
        : '';
    throw usageError(`Invalid task: ${result.message}${hint}`, { field: result.field, code: result.code });
  }
  return task as Task;
}

async function readTaskFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`Cannot read --task ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      field: 'task',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`--task ${path} is not valid JSON: ${(error as Error).message}`, { field: 'task' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`--task ${path} must hold a JSON object (the task)`, { field: 'task' });
  }
  // Accept a whole createTask body too: `{ "task": { … } }` is what people copy from the API docs.
  const record = parsed as Record<string, unknown>;
  const inner = record.task;
  if ('clientKey' in record) throw keyInTask(`--task ${path}`);
  if (record.type === undefined && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
    if ('clientKey' in inner) throw keyInTask(`--task ${path}`);
    return inner as Record<string, unknown>;
  }
  return record;
}
