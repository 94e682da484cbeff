/** A `fetch` that behaves like a page's: it sends its `Origin`, keeps cookies, and records what it was answered. */
export interface BrowserFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Every answer body the page received, in order. */
  readonly bodies: readonly string[];
  /** The cookies the page holds (name -> value). */
  readonly cookies: Map<string, string>;
}

/**
 * A browser stand-in for the proxy suites: Node's `fetch` plus what a browser adds on its own, an
 * `Origin` header on every POST and a cookie jar, so sessions behave as they do on a page.
 */
export function createBrowserFetch(origin: string | undefined): BrowserFetch {
  const cookies = new Map<string, string>();
  const bodies: string[] = [];
  const browserFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (origin !== undefined) headers.set('origin', origin);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const text = await response.text();
    bodies.push(text);
    return new Response(text, { status: response.status, headers: response.headers });
  };
  return Object.assign(browserFetch, { bodies, cookies });
}
