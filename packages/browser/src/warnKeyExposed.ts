/**
 * Where the "key is exposed" warning remembers that it was shown. A global symbol rather than a
 * module variable: a page that loads two copies of this package (two bundles, a micro-frontend)
 * still warns only once.
 */
const WARNED = Symbol.for('@capkit/browser.keyWarned');

/** The warning's text. It never quotes the key. */
export const KEY_EXPOSED_WARNING =
  '[capkit] Your API key is visible to anyone who opens this page: ' +
  'use createClient({ proxyUrl }) with createProxyHandler (@capkit/node) on your backend.';

/** Warns (console.warn) that the API key is exposed, once per page (per global object). */
export function warnKeyExposed(): void {
  const scope = globalThis as { [WARNED]?: true };
  if (scope[WARNED]) return;
  scope[WARNED] = true;
  console.warn(KEY_EXPOSED_WARNING);
}
