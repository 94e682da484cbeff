import { usageError } from './CliError.js';
import { didYouMean } from './didYouMean.js';
import { taskFieldsOf } from './taskFields.js';

/** Field names that hold a page URL: they must be absolute http(s) URLs. */
const URL_FIELD = /(url|URL)$/;

/**
 * Checks what the spec's JSON Schema leaves open (it accepts undocumented fields, as the service does):
 * every field must be one the spec documents for the type, unless `allowUnknown`, with the closest
 * documented name suggested; and a URL field (`websiteURL`, `captchaUrl`) must be an http(s) URL.
 *
 * @throws a usage error (exit 2) naming the field.
 */
export function checkTaskFields(task: Record<string, unknown>, options: { allowUnknown: boolean }): void {
  const type = String(task.type);
  const known = taskFieldsOf(type);
  if (known === undefined) return;
  for (const field of Object.keys(task)) {
    if (!options.allowUnknown && !known.has(field)) {
      const documented = [...known].filter((name) => name !== 'type').join(', ');
      throw usageError(
        `${type} has no parameter ${field}${didYouMean(field, known)}. Its parameters: ${documented}. ` +
          '(--allow-unknown sends fields the spec does not document.)',
        { field, code: 'CAPKIT_UNKNOWN_PARAM' },
      );
    }
    const value = task[field];
    if (URL_FIELD.test(field) && typeof value === 'string' && !isHttpUrl(value)) {
      throw usageError(`${field} must be an absolute http(s) URL, e.g. https://example.com/login; got "${value}"`, {
        field,
        code: 'ERROR_INVALID_TASK_DATA',
      });
    }
  }
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'https:' || protocol === 'http:';
}
