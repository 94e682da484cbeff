import { METHODS, type Method } from '@capkit/api';

/** One request as the client handed it to `fetch`. */
export interface RecordedRequest {
  method: Method | undefined;
  /** `taskId` of the body (getTaskResult, feedbackTask). */
  taskId: string | undefined;
  /** Epoch ms when the client called `fetch`. */
  sentAt: number;
}

/** A `fetch` that remembers every request, and the requests it saw. */
export interface RecordingFetch {
  fetch: typeof fetch;
  readonly requests: readonly RecordedRequest[];
}

function readBody(init: RequestInit | undefined): { taskId?: unknown } {
  try {
    return typeof init?.body === 'string' ? (JSON.parse(init.body) as { taskId?: unknown }) : {};
  } catch {
    return {};
  }
}

/**
 * Wraps a real `fetch` and records when the client sent each request, without touching the request or
 * the answer. The emulator can only tell when a request arrived; this tells when the client decided to
 * send it, which is what the client's own rules (no query after the lifetime) are about.
 */
export function createRecordingFetch(inner: typeof fetch): RecordingFetch {
  const requests: RecordedRequest[] = [];
  const recording = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const name = new URL(url).pathname.replace(/^\/+|\/+$/g, '');
    const { taskId } = readBody(init);
    requests.push({
      method: (METHODS as readonly string[]).includes(name) ? (name as Method) : undefined,
      taskId: typeof taskId === 'string' ? taskId : undefined,
      sentAt: Date.now(),
    });
    return inner(input, init);
  };
  return { fetch: recording as typeof fetch, requests };
}
