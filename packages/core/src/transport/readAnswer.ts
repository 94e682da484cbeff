import { isFiniteNumber } from '../isFiniteNumber.js';
import { keepTaskIdText } from './keepTaskIdText.js';

/** The API's envelope: every answer of the API is a JSON object with a numeric `errorId`. */
export interface Envelope {
  errorId: number;
  errorCode?: string;
  errorDescription?: string;
  [field: string]: unknown;
}

/**
 * A body read at the boundary: `envelope` when it is the API's envelope, otherwise `reason` says
 * what came instead (HTML, garbage, empty) and `cause` holds the parse error, if any.
 */
export type Answer =
  | { envelope: Envelope; reason?: undefined; cause?: undefined }
  | { envelope?: undefined; reason: string; cause?: unknown };

/** A task id as the client keeps it: a string; a numeric one (wire leniency) becomes its decimal string. */
export function readTaskId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (isFiniteNumber(value)) return String(value);
  return undefined;
}

/** The start of a body, on one line, for error messages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * Classifies a body: the API envelope when it is a JSON object with a numeric `errorId` (whatever
 * the HTTP status: `errorId` decides success, the status is advisory), or the reason it is not one
 * (not JSON, such as an HTML page, or no `errorId`).
 */
export function readAnswer(text: string): Answer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's own error: its message quotes the start of the body, which may hold a piece of
    // the key too short to be recognised (and so redacted). What the body is instead (an HTML page,
    // plain text, cut JSON) shows in the redacted start of the body the error message quotes.
    const cause = new SyntaxError('The body is not valid JSON');
    return { cause, reason: text.trim() ? 'a body that is not JSON' : 'an empty body' };
  }
  if (!isEnvelope(parsed)) return { reason: 'JSON without a numeric errorId' };
  keepTaskIdText(parsed, text);
  return { envelope: parsed };
}

/** A JSON object with a numeric `errorId` (an array, a string or `null` has none). */
function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && 'errorId' in value && isFiniteNumber(value.errorId);
}
