import type { PageState } from './scriptTypes.js';

/**
 * Runs in the page (each frame), before the site's scripts when installed as an init script, or at
 * scan time otherwise. Creates the frame's {@link PageState} and watches the widgets' globals, so
 * that what only the site's code knows is seen when it happens: the action of each
 * `grecaptcha.execute(key, { action })` call (reCAPTCHA v3 has no DOM that names it) and the options of
 * each `turnstile.render(container, options)` call (callback, action, cdata of explicitly rendered
 * widgets). The wrapped functions call the originals with the same arguments and return their result.
 *
 * Self-contained on purpose: the driver sends its source text to the page, so it may not use
 * anything from outside its own body. Idempotent: a second run only finds the state.
 */
export function installHooks(stateKey: string): void {
  type Host = object;
  type Callable = (this: unknown, ...args: unknown[]) => unknown;
  const isCallable = (value: unknown): value is Callable => typeof value === 'function';
  const win: Host = window;
  const key = Symbol.for(stateKey);
  if (Reflect.get(win, key)) return;
  const state: PageState = {
    executeCalls: [],
    turnstileRenders: [],
    widgets: [],
    recaptchaByWidget: new Map(),
    recaptchaByKey: new Map(),
    turnstileByWidget: new Map(),
    wrapped: new WeakSet(),
  };
  Object.defineProperty(win, key, { value: state, enumerable: false, configurable: false, writable: false });

  const isObject = (value: unknown): value is Host =>
    (typeof value === 'object' || typeof value === 'function') && value !== null;

  /** Keeps `host[prop]` passed through `wrap` whenever a function is assigned to it. */
  const watchFunction = (host: Host, prop: string, wrap: (original: Callable) => Callable): void => {
    const descriptor = Object.getOwnPropertyDescriptor(host, prop);
    if (descriptor && (!descriptor.configurable || descriptor.get)) return;
    const adopt = (value: unknown): unknown => {
      if (!isCallable(value) || state.wrapped.has(value)) return value;
      const wrapped = wrap(value);
      state.wrapped.add(wrapped);
      return wrapped;
    };
    let current = adopt(Reflect.get(host, prop));
    Object.defineProperty(host, prop, {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (value: unknown) => {
        current = adopt(value);
      },
    });
  };

  /** Calls `onObject` with the object at `host[prop]` now and with every object assigned there later. */
  const watchObject = (host: Host, prop: string, onObject: (value: Host) => void): void => {
    const descriptor = Object.getOwnPropertyDescriptor(host, prop);
    if (descriptor && (!descriptor.configurable || descriptor.get)) {
      const value: unknown = Reflect.get(host, prop);
      if (isObject(value)) onObject(value);
      return;
    }
    let current: unknown = Reflect.get(host, prop);
    if (isObject(current)) onObject(current);
    Object.defineProperty(host, prop, {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (value: unknown) => {
        current = value;
        if (isObject(value)) onObject(value);
      },
    });
  };

  const recordExecute =
    (enterprise: boolean) =>
    (original: Callable): Callable =>
      function (this: unknown, ...args: unknown[]): unknown {
        const [siteKey, options] = args;
        if (typeof siteKey === 'string') {
          const action: unknown = isObject(options) ? Reflect.get(options, 'action') : undefined;
          state.executeCalls.push({
            key: siteKey,
            action: typeof action === 'string' ? action : undefined,
            enterprise,
          });
        }
        return original.apply(this, args);
      };

  const recordTurnstileRender = (original: Callable): Callable =>
    function (this: unknown, ...args: unknown[]): unknown {
      const [target, options] = args;
      const widgetId = original.apply(this, args);
      const container =
        typeof target === 'string' ? document.querySelector(target) : target instanceof Element ? target : null;
      state.turnstileRenders.push({ container, options, widgetId });
      return widgetId;
    };

  try {
    watchObject(win, 'grecaptcha', (grecaptcha) => {
      watchFunction(grecaptcha, 'execute', recordExecute(false));
      watchObject(grecaptcha, 'enterprise', (enterprise) => watchFunction(enterprise, 'execute', recordExecute(true)));
    });
    watchObject(win, 'turnstile', (turnstile) => watchFunction(turnstile, 'render', recordTurnstileRender));
  } catch {
    // A page that locked these globals down keeps them as they are: detection falls back to the DOM.
  }
}
