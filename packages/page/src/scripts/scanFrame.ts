import type {
  ImageScan,
  PageState,
  RecaptchaScan,
  ScanInput,
  ScanOutput,
  TurnstileScan,
  UnsupportedScan,
  WidgetRecord,
} from './scriptTypes.js';

/**
 * Runs in the page (one frame), after {@link installHooks}: finds the captcha widgets of this frame's
 * document from their public surface and returns them as plain data; their elements and callbacks are
 * kept in the frame's state under `ref`, for the injection.
 *
 * reCAPTCHA: the `___grecaptcha_cfg.clients` registry (each client holds its render parameters:
 * `sitekey`, `size`, `callback`, `action`, `s`), the anchor iframes (`/recaptcha/api2/anchor?k=…&size=…`,
 * `/recaptcha/enterprise/anchor?…`), `data-sitekey` containers, the `api.js?render=KEY` /
 * `enterprise.js?render=KEY` script (v3), and the `grecaptcha.execute(key, { action })` calls (seen by
 * the hooks, or written in inline scripts). Turnstile: `.cf-turnstile` containers (`data-sitekey`,
 * `data-action`, `data-cdata`, `data-callback`), `turnstile.render` options (seen by the hooks) and the
 * `challenges.cloudflare.com` iframes, whose path names the site key. hCaptcha is reported as unsupported.
 *
 * Self-contained on purpose (its source text is sent to the page): every helper is inside.
 */
export async function scanFrame(stateKey: string, input: ScanInput): Promise<ScanOutput> {
  const state: PageState = Reflect.get(window, Symbol.for(stateKey));
  const isObject = (value: unknown): value is object =>
    (typeof value === 'object' || typeof value === 'function') && value !== null;
  const read = (host: unknown, prop: PropertyKey): unknown => {
    try {
      return isObject(host) ? Reflect.get(host, prop) : undefined;
    } catch {
      return undefined;
    }
  };
  const readString = (host: unknown, prop: string): string | undefined => {
    const value = read(host, prop);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const parseUrl = (text: string | null | undefined): URL | undefined => {
    if (!text) return undefined;
    try {
      return new URL(text, location.href);
    } catch {
      return undefined;
    }
  };
  /** The first 50 own enumerable keys (a proxy may throw, or have thousands). */
  const ownKeys = (value: object): string[] => {
    try {
      return Object.keys(value).slice(0, 50);
    } catch {
      return [];
    }
  };
  const remember = (record: WidgetRecord): number => state.widgets.push(record) - 1;

  /** The document and every open shadow root in it (widgets may render inside web components). */
  const roots: (Document | ShadowRoot)[] = [document];
  for (let index = 0; index < roots.length; index++) {
    const root = roots[index];
    if (!root) continue;
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const queryAll = (selector: string): Element[] => roots.flatMap((root) => [...root.querySelectorAll(selector)]);

  /** How an element reads in an error message: `div.g-recaptcha#login`. */
  const describe = (element: Element | null): string => {
    if (!element) return 'no element';
    const id = element.id ? `#${element.id}` : '';
    const classes = [...element.classList]
      .slice(0, 2)
      .map((name) => `.${name}`)
      .join('');
    return `${element.tagName.toLowerCase()}${classes}${id}`;
  };
  const contains = (outer: Element | null, inner: Element | null): boolean =>
    outer !== null && inner !== null && (outer === inner || outer.contains(inner));

  // ---- reCAPTCHA ----
  interface RecaptchaDraft {
    key: string;
    /** The widget's element: the registry's, the `data-sitekey` element, or the iframe's own box. */
    container: Element | null;
    /** Whether `container` is the widget's own element (registry or `data-sitekey`), not just its iframe. */
    home: boolean;
    params?: object;
    widgetId?: number;
    anchor?: URL;
  }
  const drafts: RecaptchaDraft[] = [];
  /** The draft an element of site key `key` belongs to: one that contains it (or is inside it), or a new one. */
  const nesting = (draft: RecaptchaDraft, element: Element | null): boolean =>
    contains(draft.container, element) || contains(element, draft.container);
  const homeFor = (key: string, element: Element | null): RecaptchaDraft => {
    const found =
      drafts.find((draft) => draft.key === key && element !== null && nesting(draft, element)) ??
      drafts.find((draft) => draft.key === key && !draft.home);
    if (found) {
      if (!found.home && element) found.container = element;
      found.home ||= element !== null;
      return found;
    }
    const draft: RecaptchaDraft = { key, container: element, home: element !== null };
    drafts.push(draft);
    return draft;
  };

  /** The render parameters of a registry client (the nested object with a `sitekey`), and its element. */
  const inspectClient = (client: unknown): { params?: object; element?: Element } => {
    const result: { params?: object; element?: Element } = {};
    const seen = new Set<unknown>();
    let level: unknown[] = [client];
    for (let depth = 0; depth < 4 && level.length > 0; depth++) {
      const next: unknown[] = [];
      for (const value of level) {
        if (!isObject(value) || seen.has(value) || value === window) continue;
        seen.add(value);
        if (value instanceof Element) {
          result.element ??= value;
          continue;
        }
        if (!result.params && typeof read(value, 'sitekey') === 'string') result.params = value;
        for (const prop of ownKeys(value)) next.push(read(value, prop));
      }
      level = next;
    }
    return result;
  };

  const clients = read(read(window, '___grecaptcha_cfg'), 'clients');
  if (isObject(clients)) {
    for (const id of ownKeys(clients)) {
      const { params, element } = inspectClient(read(clients, id));
      const key = readString(params, 'sitekey');
      if (!params || !key) continue;
      const draft = homeFor(key, element ?? null);
      draft.params = params;
      draft.widgetId = Number(id);
    }
  }

  const isRecaptchaFrame = (url: URL | undefined): url is URL =>
    url !== undefined &&
    /(^|\.)(google\.com|recaptcha\.net)$/.test(url.hostname) &&
    /\/recaptcha\/(api2|enterprise)\/anchor/.test(url.pathname) &&
    url.searchParams.has('k');
  const anchors: { url: URL; element: Element | null }[] = queryAll('iframe').flatMap((element) => {
    const url = parseUrl(element.getAttribute('src'));
    return isRecaptchaFrame(url) ? [{ url, element }] : [];
  });
  for (const text of input.childFrameUrls) {
    const url = parseUrl(text);
    if (isRecaptchaFrame(url) && !anchors.some((anchor) => anchor.url.href === url.href)) {
      anchors.push({ url, element: null });
    }
  }
  for (const { url, element } of anchors) {
    const key = url.searchParams.get('k') ?? '';
    // A button-bound invisible widget renders its iframe in a badge far from its element: same key, no iframe yet.
    const draft =
      drafts.find((candidate) => candidate.key === key && element !== null && nesting(candidate, element)) ??
      drafts.find((candidate) => candidate.key === key && !candidate.anchor);
    if (draft) draft.anchor ??= url;
    else {
      // No registry and no data-sitekey: the widget's box is its `.g-recaptcha` ancestor, or the iframe's
      // grandparent (the div the widget renders, which also holds its g-recaptcha-response field).
      const container = element?.closest('.g-recaptcha') ?? element?.parentElement?.parentElement ?? element;
      drafts.push({ key, container, home: false, anchor: url });
    }
  }

  const isTurnstileKey = (key: string): boolean => key.startsWith('0x');
  const isHcaptchaKey = (key: string): boolean =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  for (const element of queryAll('[data-sitekey]')) {
    const key = element.getAttribute('data-sitekey') ?? '';
    if (!key || element.matches('.cf-turnstile, .h-captcha') || isTurnstileKey(key) || isHcaptchaKey(key)) continue;
    homeFor(key, element);
  }

  // v3: keys named by the script tag (`?render=KEY`) or by execute(key, …) calls.
  const v3Keys = new Set<string>();
  const enterpriseKeys = new Set<string>();
  const actions = new Map<string, string>();
  for (const script of document.querySelectorAll('script[src]')) {
    const url = parseUrl(script.getAttribute('src'));
    const match = url ? /\/recaptcha\/(api|enterprise)\.js$/.exec(url.pathname) : null;
    const render = url?.searchParams.get('render');
    if (!match || !render || render === 'explicit' || render === 'onload') continue;
    v3Keys.add(render);
    if (match[1] === 'enterprise') enterpriseKeys.add(render);
  }
  const inlineExecute =
    /(enterprise\s*\.\s*)?execute\s*\(\s*(['"`])([^'"`]+)\2\s*,\s*\{[^}]*?['"]?action['"]?\s*:\s*(['"`])([^'"`]+)\4/g;
  for (const script of document.querySelectorAll('script:not([src])')) {
    for (const match of (script.textContent ?? '').slice(0, 200_000).matchAll(inlineExecute)) {
      const [, enterprise, , key, , action] = match;
      if (!key || !action) continue;
      v3Keys.add(key);
      if (enterprise) enterpriseKeys.add(key);
      if (!actions.has(key)) actions.set(key, action);
    }
  }
  for (const call of state.executeCalls) {
    v3Keys.add(call.key);
    if (call.enterprise) enterpriseKeys.add(call.key);
    // The latest call wins: it is the action the site asks for now.
    if (call.action) actions.set(call.key, call.action);
  }
  for (const key of v3Keys)
    if (!drafts.some((draft) => draft.key === key)) drafts.push({ key, container: null, home: false });

  const grecaptcha = read(window, 'grecaptcha');
  const enterpriseOnly = isObject(read(grecaptcha, 'enterprise')) && typeof read(grecaptcha, 'render') !== 'function';
  const recaptcha: RecaptchaScan[] = drafts.map((draft) => {
    const { key, container, params, anchor, widgetId } = draft;
    const dataset = (name: string): string | undefined => container?.getAttribute(`data-${name}`) ?? undefined;
    const enterprise = (anchor ? anchor.pathname.includes('/enterprise/') : enterpriseOnly) || enterpriseKeys.has(key);
    const version = v3Keys.has(key) || (widgetId !== undefined && widgetId >= 100_000) ? 'v3' : 'v2';
    const size = readString(params, 'size') ?? dataset('size') ?? anchor?.searchParams.get('size') ?? undefined;
    const invisible =
      version === 'v3' || size === 'invisible' || (container?.closest('.grecaptcha-badge') ?? null) !== null;
    const pageAction =
      (version === 'v3' ? actions.get(key) : undefined) ??
      readString(params, 'action') ??
      dataset('action') ??
      anchor?.searchParams.get('sa') ??
      undefined;
    const s = readString(params, 's') ?? dataset('s') ?? anchor?.searchParams.get('s') ?? undefined;
    const apiDomain = anchor?.hostname.endsWith('recaptcha.net') ? 'http://www.recaptcha.net/' : undefined;
    const callback = read(params, 'callback') ?? dataset('callback');
    const ref = remember({
      kind: 'recaptcha',
      websiteKey: key,
      container,
      callback,
      widgetId,
      version,
      enterprise,
      invisible,
    });
    const widget = container
      ? describe(container)
      : widgetId !== undefined
        ? `grecaptcha widget ${widgetId}`
        : `reCAPTCHA ${version} site key ${key}`;
    return { ref, websiteKey: key, version, enterprise, invisible, pageAction, s, apiDomain, widgetId, widget };
  });

  // ---- Turnstile ----
  interface TurnstileDraft {
    key: string;
    container: Element | null;
    options?: unknown;
    widgetId?: unknown;
  }
  const turnstileDrafts: TurnstileDraft[] = [];
  for (const render of state.turnstileRenders) {
    const key = readString(render.options, 'sitekey') ?? render.container?.getAttribute('data-sitekey') ?? '';
    if (key)
      turnstileDrafts.push({ key, container: render.container, options: render.options, widgetId: render.widgetId });
  }
  for (const element of queryAll('.cf-turnstile, [data-sitekey^="0x"]')) {
    const key = element.getAttribute('data-sitekey') ?? '';
    if (
      !key ||
      turnstileDrafts.some((draft) => contains(draft.container, element) || contains(element, draft.container))
    ) {
      continue;
    }
    turnstileDrafts.push({ key, container: element });
  }
  const turnstileKeyOf = (url: URL | undefined): string | undefined =>
    url && url.hostname === 'challenges.cloudflare.com' && url.pathname.includes('/turnstile/')
      ? /\/(0x[A-Za-z0-9_-]{6,})(\/|$)/.exec(url.pathname)?.[1]
      : undefined;
  const turnstileFrames: { key: string; element: Element | null }[] = queryAll('iframe').flatMap((element) => {
    const key = turnstileKeyOf(parseUrl(element.getAttribute('src')));
    return key ? [{ key, element }] : [];
  });
  for (const text of input.childFrameUrls) {
    const key = turnstileKeyOf(parseUrl(text));
    if (key) turnstileFrames.push({ key, element: null });
  }
  for (const { key, element } of turnstileFrames) {
    const known = turnstileDrafts.some(
      (draft) => draft.key === key && (element === null || contains(draft.container, element) || !draft.container),
    );
    if (!known) turnstileDrafts.push({ key, container: element?.parentElement ?? null });
  }
  const turnstile: TurnstileScan[] = turnstileDrafts.map(({ key, container, options, widgetId }) => {
    const dataset = (name: string): string | undefined => container?.getAttribute(`data-${name}`) ?? undefined;
    const action = readString(options, 'action') ?? dataset('action');
    const cdata = readString(options, 'cData') ?? readString(options, 'cdata') ?? dataset('cdata');
    const responseField =
      readString(options, 'response-field-name') ?? dataset('response-field-name') ?? 'cf-turnstile-response';
    const callback = read(options, 'callback') ?? dataset('callback');
    const ref = remember({ kind: 'turnstile', websiteKey: key, container, callback, widgetId, responseField });
    return {
      ref,
      websiteKey: key,
      action,
      cdata,
      widget: container ? describe(container) : `Turnstile site key ${key}`,
    };
  });

  // ---- hCaptcha (found, not solvable) ----
  const unsupported: UnsupportedScan[] = queryAll('.h-captcha, iframe[src*="hcaptcha.com"]').map((element) => {
    const fromFrame = parseUrl(element.getAttribute('src'))?.hash.match(/sitekey=([^&]+)/)?.[1];
    return {
      vendor: 'hcaptcha',
      websiteKey: element.getAttribute('data-sitekey') ?? fromFrame,
      widget: describe(element),
    };
  });

  // ---- Classic image captcha (selected by the caller) ----
  const imageToBase64 = async (element: Element): Promise<string | undefined> => {
    try {
      if (element instanceof HTMLCanvasElement) return element.toDataURL('image/png').split(',')[1];
      if (!(element instanceof HTMLImageElement)) return undefined;
      const src = element.currentSrc || element.src;
      if (src.startsWith('data:image/') && src.includes(';base64,')) return src.split(',')[1];
      if (!element.complete || element.naturalWidth === 0) {
        await new Promise((resolve) => {
          element.addEventListener('load', resolve, { once: true });
          element.addEventListener('error', resolve, { once: true });
          setTimeout(resolve, 3000);
        });
      }
      if (element.naturalWidth === 0) return undefined;
      const canvas = document.createElement('canvas');
      canvas.width = element.naturalWidth;
      canvas.height = element.naturalHeight;
      canvas.getContext('2d')?.drawImage(element, 0, 0);
      // Throws for a cross-origin image without CORS: the driver then takes a screenshot instead.
      return canvas.toDataURL('image/png').split(',')[1];
    } catch {
      return undefined;
    }
  };
  const inputNear = (image: Element): Element | null => {
    const textInput =
      'input:not([type]), input[type="text"], input[type="tel"], input[type="number"], input[type="search"]';
    for (let scope = image.parentElement; scope; scope = scope.parentElement) {
      const inputs = [...scope.querySelectorAll(textInput)];
      const after = inputs.find(
        (candidate) => image.compareDocumentPosition(candidate) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      if (after) return after;
      if (inputs[0]) return inputs[0];
      if (scope instanceof HTMLFormElement) break;
    }
    return null;
  };
  const images: ImageScan[] = [];
  if (input.image) {
    const { image: imageSelector, input: inputSelector } = input.image;
    for (const element of document.querySelectorAll(imageSelector)) {
      const answer = inputSelector ? document.querySelector(inputSelector) : inputNear(element);
      const body = await imageToBase64(element);
      const ref = remember({
        kind: 'image',
        websiteKey: '',
        container: element,
        callback: undefined,
        widgetId: undefined,
        input: answer,
      });
      images.push({ ref, body, hasInput: answer !== null, widget: describe(element) });
    }
  }

  return { url: location.href, recaptcha, turnstile, images, unsupported };
}
