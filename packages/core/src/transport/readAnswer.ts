/** The API's envelope: every answer of the API is a JSON object with a numeric `errorId`. */
export interface Envelope {
  errorId: number;
  errorCode?: string;
  errorDescription?: string;
  [field: string]: unknown;
}

/**
 * An HTTP answer read at the boundary: `envelope` when it is the API's envelope, otherwise `reason`
 * says what came instead (HTML, garbage, empty) and `cause` holds the parse error, if any.
 */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  envelope?: Envelope | undefined;
  reason?: string | undefined;
  cause?: unknown;
}

/** The start of a body, on one line, for error messages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * Classifies a body: the API envelope when it is a JSON object with a numeric `errorId` (whatever
 * the HTTP status: `errorId` decides success, the status is advisory), or the reason it is not one
 * (not JSON, an HTML page, no `errorId`).
 */
export function readAnswer(status: number, headers: Headers, text: string): Answer {
  const answer: Answer = { status, headers, text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const type = headers.get('content-type') ?? 'no content type';
    answer.reason = !text.trim() ? 'an empty body' : /^\s*</.test(text) ? `an HTML page (${type})` : `a body that is not JSON (${type})`;
    answer.cause = cause;
    return answer;
  }
  // An array or a number has no errorId either.
  if (Number.isFinite((parsed as Envelope | null)?.errorId)) answer.envelope = parsed as Envelope;
  else answer.reason = 'JSON without a numeric errorId';
  return answer;
}
