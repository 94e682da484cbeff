import { keepTaskIdText, readFetchFailure } from '@capkit/core/platform';
import { BodyTooLargeError, iterateStream, readBodyLimited } from './readBodyLimited.js';

/** Where the upstream request stands after one try. */
export type UpstreamOutcome =
  /** Provably never sent (the connection was refused): nothing happened upstream. */
  | { kind: 'not-sent' }
  /** Sent, and no usable answer came back (a reset, the timeout, a redirect, an oversized or non-JSON answer). */
  | { kind: 'lost'; reason: string }
  /** The API's JSON envelope (`errorId` a finite number), with the status and the wait it asked for. */
  | { kind: 'answer'; status: number; envelope: Record<string, unknown>; retryAfter: string | undefined };

/** What {@link forwardUpstream} needs. */
export interface UpstreamSettings {
  baseUrl: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  maxAnswerBytes: number;
}

/**
 * Sends one request (carrying the key) upstream and reads the answer within the limits. A redirect
 * is never followed (it would take the key elsewhere, maybe over plain http). The failure's own
 * text is never kept: it could quote the request.
 */
export async function forwardUpstream(
  method: string,
  body: Record<string, unknown>,
  clientSignal: AbortSignal | undefined,
  settings: UpstreamSettings,
): Promise<UpstreamOutcome> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = clientSignal ? AbortSignal.any([clientSignal, timeout]) : timeout;
  let response: Response;
  try {
    response = await settings.fetch(`${settings.baseUrl}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
      redirect: 'manual',
    });
  } catch (error) {
    if (readFetchFailure(error).neverSent) return { kind: 'not-sent' };
    return { kind: 'lost', reason: error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed' };
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    void response.body?.cancel().catch(() => undefined);
    return { kind: 'lost', reason: `was redirected (HTTP ${response.status}), which the proxy never follows` };
  }
  let text: string;
  try {
    if (Number(response.headers.get('content-length')) > settings.maxAnswerBytes)
      throw new BodyTooLargeError(settings.maxAnswerBytes);
    text = response.body ? await readBodyLimited(iterateStream(response.body), settings.maxAnswerBytes) : '';
  } catch (error) {
    void response.body?.cancel().catch(() => undefined);
    return {
      kind: 'lost',
      reason: error instanceof BodyTooLargeError ? `answered more than ${error.limit} bytes` : 'failed while answering',
    };
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return { kind: 'lost', reason: `answered HTTP ${response.status} with a body that is not JSON` };
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return { kind: 'lost', reason: `answered HTTP ${response.status} with JSON that is not the API's envelope` };
  }
  const record = envelope as Record<string, unknown>;
  if (!Number.isFinite(record.errorId)) {
    return { kind: 'lost', reason: `answered HTTP ${response.status} with JSON that is not the API's envelope` };
  }
  // A numeric task id above 2^53 keeps the digits the service wrote (JSON.parse would round it to another task's).
  keepTaskIdText(record, text);
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  return { kind: 'answer', status: response.status, envelope: record, retryAfter };
}
