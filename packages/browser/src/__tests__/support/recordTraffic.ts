import type { Page } from 'playwright-core';

/** One request a page made, with everything that could carry a secret. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  postData: string;
  /** The answer's body ('' when there was none, e.g. a request cut short by a reload). */
  responseBody: string;
}

/**
 * Records every request of a page (and of the pages it reloads into): method, URL, all headers
 * (cookies included), the body, and the answer's body. `entries()` waits for the async parts.
 */
export function recordTraffic(page: Page): { entries(): Promise<RecordedRequest[]> } {
  const pending: Array<Promise<RecordedRequest>> = [];
  page.on('request', (request) => {
    pending.push(
      (async () => {
        const response = await request.response().catch(() => null);
        return {
          method: request.method(),
          url: request.url(),
          headers: await request.allHeaders(),
          postData: request.postData() ?? '',
          responseBody: response ? await response.text().catch(() => '') : '',
        };
      })(),
    );
  });
  return { entries: () => Promise.all(pending) };
}
