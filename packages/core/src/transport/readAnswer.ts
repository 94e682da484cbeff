/** The API's envelope: every answer of the API is a JSON object with a numeric `errorId`. */
export interface Envelope {
  errorId: number;
  errorCode?: string;
  errorDescription?: string;
  [field: string]: unknown;
}

/** An HTTP answer read at the boundary: either the API's envelope, or something else (HTML, garbage, empty). */
export type Answer =
  | { kind: 'envelope'; status: number; headers: Headers; text: string; envelope: Envelope }
  | { kind: 'invalid'; status: number; headers: Headers; text: string; reason: string; cause?: unknown };

const SNIPPET_LENGTH = 120;

/** The start of a body, on one line, for error messages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
}

/**
 * Classifies a body: the API envelope when it is a JSON object with a numeric `errorId` (whatever
 * the HTTP status: `errorId` decides success, the status is advisory), `invalid` otherwise with
 * the reason (not JSON, an HTML page, no `errorId`).
 */
export function readAnswer(status: number, headers: Headers, text: string): Answer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const type = headers.get('content-type') ?? 'no content type';
    const what = text.trim() === '' ? 'an empty body' : /^\s*</.test(text) ? `an HTML page (${type})` : `a body that is not JSON (${type})`;
    return { kind: 'invalid', status, headers, text, reason: what, cause };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'invalid', status, headers, text, reason: 'JSON that is not an object' };
  }
  const errorId = (parsed as { errorId?: unknown }).errorId;
  if (typeof errorId !== 'number' || !Number.isFinite(errorId)) {
    return { kind: 'invalid', status, headers, text, reason: 'a JSON object without a numeric errorId' };
  }
  return { kind: 'envelope', status, headers, text, envelope: parsed as Envelope };
}
