/**
 * What `@capkit/page` needs from a browser automation library, and nothing more: the adapters
 * (`@capkit/playwright`, `@capkit/puppeteer`) implement it over their `Page` and `Frame` in a few lines.
 * Scripts travel as source text, so no driver-specific serialisation is involved.
 */
export interface FrameDriver {
  /** The frame's current URL. */
  url(): string;
  /** Evaluates a JavaScript expression in the frame (awaiting a promise it yields) and returns its JSON value. */
  evaluate(expression: string): Promise<unknown>;
  /**
   * A PNG screenshot (base64, no `data:` prefix) of the `index`-th element matching `selector` in this
   * frame: used for image captchas the page's canvas cannot read (cross-origin images).
   */
  screenshot?(selector: string, index: number): Promise<string>;
}

/** One frame of a page, with its parent's position in the same list (`-1` for the main frame). */
export interface FrameEntry {
  frame: FrameDriver;
  parent: number;
}

/** A page as `@capkit/page` sees it. */
export interface PageDriver {
  /** Every frame of the page, the main frame first, parents before their children. */
  frames(): FrameEntry[];
  /** Runs `source` in every frame of every document the page loads from now on, before the site's scripts. */
  addInitScript(source: string): Promise<void>;
}
