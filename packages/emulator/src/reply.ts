import { ERROR_CODES, type ErrorCode } from '@capkit/api';

/** What the transport-independent engine answers; node:http and msw both turn it into a response. */
export type EngineReply =
  | {
      type: 'response';
      status: number;
      headers: Record<string, string>;
      body: string;
      /** The API error code this answer carries, if any (counted in stats). */
      errorCode?: ErrorCode;
    }
  /** Destroy the connection without an answer (a connection-reset fault). */
  | { type: 'reset' };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** A JSON answer. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): EngineReply {
  return { type: 'response', status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** A successful API answer: the envelope with `errorId: 0` plus the method's fields. */
export function okReply(fields: Record<string, unknown>): EngineReply {
  return jsonReply(200, { errorId: 0, ...fields });
}

/**
 * The documented error envelope for `code`. The description is the specific `detail` when there is
 * one (it names the offending field), else the spec's description of the code.
 */
export function errorBody(code: ErrorCode, detail?: string): Record<string, unknown> {
  return { errorId: 1, errorCode: code, errorDescription: detail ?? ERROR_CODES[code].description };
}

/** An error answer with the HTTP status the spec gives the code. */
export function errorReply(
  code: ErrorCode,
  detail?: string,
  status: number = ERROR_CODES[code].httpStatus,
  extra: Record<string, unknown> = {},
): EngineReply {
  return {
    type: 'response',
    status,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ ...errorBody(code, detail), ...extra }),
    errorCode: code,
  };
}

/** A non-JSON answer (fault pages). */
export function textReply(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): EngineReply {
  return { type: 'response', status, headers: { 'content-type': contentType, ...headers }, body };
}
