import type { InjectInput, InjectOutput, PageState, WidgetRecord } from './scriptTypes.js';

/**
 * Runs in the page (the frame the widget was found in), after {@link installHooks}: puts a solved
 * token where the site reads it, the way the widget itself would, and fires the site's callback.
 *
 * reCAPTCHA: every `g-recaptcha-response` field (textarea or input) of the widget (all of the frame's when
 * it is the only widget), `grecaptcha.getResponse()` / `grecaptcha.enterprise.getResponse()` answering the
 * token for the widget, `execute()` answering it too (v3 sites and invisible v2 sites ask for the token
 * there; for v2 the callback is fired as the widget would), then the registered callback (registry or
 * render options) or `data-callback`. Turnstile: its hidden response input (`cf-turnstile-response`
 * or `response-field-name`), `turnstile.getResponse()`, then its callback. Image: the answer's input.
 * Fields are set through the native value setter and get `input` and `change` events, so frameworks
 * that own the field (React, Vue) see the change.
 *
 * Self-contained on purpose (its source text is sent to the page): every helper is inside.
 */
export function injectInFrame(stateKey: string, input: InjectInput): InjectOutput {
  const state: PageState | undefined = Reflect.get(window, Symbol.for(stateKey));
  const record: WidgetRecord | undefined = state?.widgets[input.ref];
  if (!state || !record || record.kind !== input.kind) {
    return { ok: false, problem: 'the widget is no longer in this frame (did the frame navigate?)' };
  }
  const token = input.value;
  const injected: string[] = [];
  type Callable = (this: unknown, ...args: unknown[]) => unknown;
  const isCallable = (value: unknown): value is Callable => typeof value === 'function';
  const read = (host: unknown, prop: PropertyKey): unknown => {
    try {
      return (typeof host === 'object' || typeof host === 'function') && host !== null
        ? Reflect.get(host, prop)
        : undefined;
    } catch {
      return undefined;
    }
  };

  const setValue = (field: Element): boolean => {
    const prototype =
      field instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : field instanceof HTMLInputElement
          ? HTMLInputElement.prototype
          : undefined;
    const setter = prototype ? Object.getOwnPropertyDescriptor(prototype, 'value')?.set : undefined;
    if (!setter) return false;
    setter.call(field, token);
    if (field instanceof HTMLTextAreaElement) field.textContent = token;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  };

  /** The site's callback: a function, or the dotted name of a global function (`data-callback="app.done"`). */
  const resolveCallback = (callback: unknown): { fn: Callable; name: string } | undefined => {
    if (isCallable(callback)) return { fn: callback, name: callback.name || 'registered callback' };
    if (typeof callback !== 'string' || callback === '') return undefined;
    let owner: unknown = window;
    let value: unknown = window;
    for (const part of callback.split('.')) {
      owner = value;
      value = read(value, part);
    }
    return isCallable(value) ? { fn: (...args: unknown[]) => value.apply(owner, args), name: callback } : undefined;
  };
  const callback = resolveCallback(record.callback);
  if (input.step === 'callback') {
    if (!callback) return { ok: false, problem: 'the callback is gone' };
    try {
      callback.fn(token);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: `the site's callback ${callback.name} threw: ${message}` };
    }
    return { ok: true, injected: [`callback ${callback.name}`] };
  }
  /** The end of the `fill` step: what was set, and the callback for the next step. */
  const filled = (nothingFound: string): InjectOutput =>
    injected.length === 0 && !callback
      ? { ok: false, problem: nothingFound }
      : { ok: true, injected, callback: callback?.name };

  /** Replaces `host[prop]` with `wrap(original)` once; later calls only update the maps the wrapper reads. */
  const wrapOnce = (host: unknown, prop: string, wrap: (original: Callable | undefined) => Callable): boolean => {
    if (typeof host !== 'object' || host === null) return false;
    const current = read(host, prop);
    if (isCallable(current) && state.wrapped.has(current) && read(current, '__capkitInjected')) return true;
    const wrapped = wrap(isCallable(current) ? current : undefined);
    Object.defineProperty(wrapped, '__capkitInjected', { value: true });
    state.wrapped.add(wrapped);
    try {
      Reflect.set(host, prop, wrapped);
      return read(host, prop) === wrapped || isCallable(read(host, prop));
    } catch {
      return false;
    }
  };

  const others = state.widgets.filter(
    (other) => other !== record && other.kind === record.kind && other.websiteKey !== '' && other.container !== null,
  );
  const container = record.container;
  /** The fields of this widget: inside its container, or every one of the frame when no other widget claims it. */
  const fieldsOf = (selector: string): Element[] => {
    const all = [...document.querySelectorAll(selector)];
    const inside = container ? all.filter((field) => container.contains(field)) : [];
    if (inside.length > 0) return inside;
    return all.filter((field) => !others.some((other) => other.container?.contains(field)));
  };

  if (record.kind === 'image') {
    if (!record.input || !setValue(record.input))
      return { ok: false, problem: 'no text input for the answer was found' };
    injected.push('input');
    return { ok: true, injected };
  }

  if (record.kind === 'turnstile') {
    const field = record.responseField ?? 'cf-turnstile-response';
    let fields = fieldsOf(`input[name="${CSS.escape(field)}"], textarea[name="${CSS.escape(field)}"]`);
    if (fields.length === 0 && container) {
      // The widget adds this input itself; recreate it where the widget would (inside its container).
      const hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = field;
      container.appendChild(hidden);
      fields = [hidden];
    }
    const set = fields.filter(setValue).length;
    if (set > 0) injected.push(`${field} x${set}`);
    state.turnstileByWidget.set(record.widgetId, token);
    const turnstile = read(window, 'turnstile');
    const wrappedGetResponse = wrapOnce(
      turnstile,
      'getResponse',
      (original) =>
        function (this: unknown, ...args: unknown[]): unknown {
          const [widgetId] = args;
          const known =
            state.turnstileByWidget.get(widgetId) ??
            (args.length === 0 ? [...state.turnstileByWidget.values()].at(-1) : undefined);
          return known ?? original?.apply(this, args);
        },
    );
    if (wrappedGetResponse) injected.push('turnstile.getResponse');
    return filled(`no ${field} input and no callback were found`);
  }

  // reCAPTCHA
  const set = fieldsOf(
    'textarea[name="g-recaptcha-response"], input[name="g-recaptcha-response"], [id^="g-recaptcha-response"]',
  ).filter(setValue).length;
  if (set > 0) injected.push(`g-recaptcha-response x${set}`);
  if (record.widgetId !== undefined) state.recaptchaByWidget.set(record.widgetId, token);
  state.recaptchaByKey.set(record.websiteKey, token);
  const grecaptcha = read(window, 'grecaptcha');
  const api = record.enterprise && read(grecaptcha, 'enterprise') ? read(grecaptcha, 'enterprise') : grecaptcha;
  const fallbackToken = (): string | undefined =>
    state.recaptchaByWidget.get(0) ?? [...state.recaptchaByKey.values()].at(-1);
  const wrappedGetResponse = wrapOnce(
    api,
    'getResponse',
    (original) =>
      function (this: unknown, ...args: unknown[]): unknown {
        const [widgetId] = args;
        const known = widgetId === undefined ? fallbackToken() : state.recaptchaByWidget.get(widgetId);
        return known ?? original?.apply(this, args);
      },
  );
  if (wrappedGetResponse) injected.push('grecaptcha.getResponse');
  const callbackOf = (widgetId: unknown): Callable | undefined => {
    const widget = state.widgets.find((other) => other.kind === 'recaptcha' && other.widgetId === widgetId);
    return widget ? resolveCallback(widget.callback)?.fn : undefined;
  };
  const wrappedExecute = wrapOnce(
    api,
    'execute',
    (original) =>
      function (this: unknown, ...args: unknown[]): unknown {
        const [target] = args;
        if (typeof target === 'string' && state.recaptchaByKey.has(target)) {
          return Promise.resolve(state.recaptchaByKey.get(target));
        }
        const widgetToken = target === undefined ? fallbackToken() : state.recaptchaByWidget.get(target);
        if (widgetToken !== undefined) {
          // What an invisible v2 widget does once solved: it calls the site's callback with the token.
          const callback = callbackOf(target ?? 0);
          setTimeout(() => callback?.(widgetToken), 0);
          return Promise.resolve(widgetToken);
        }
        return original?.apply(this, args);
      },
  );
  if (wrappedExecute && (record.version === 'v3' || record.invisible)) injected.push('grecaptcha.execute');
  return filled('no g-recaptcha-response field, grecaptcha API or callback was found');
}
