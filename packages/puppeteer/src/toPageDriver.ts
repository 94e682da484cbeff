import type { FrameDriver, PageDriver } from '@capkit/page';
import type { Frame, Page } from 'puppeteer-core';

/** A Puppeteer frame as `@capkit/page` sees it. */
export function toFrameDriver(frame: Frame): FrameDriver {
  return {
    url: () => frame.url(),
    evaluate: (expression) => frame.evaluate(expression),
    screenshot: async (selector, index) => {
      const element = (await frame.$$(selector))[index];
      if (!element) throw new Error(`no element ${index} matches ${selector}`);
      return element.screenshot({ encoding: 'base64' });
    },
  };
}

/** A Puppeteer page as `@capkit/page` sees it: its frames (main first) and its init scripts. */
export function toPageDriver(page: Page): PageDriver {
  return {
    frames: () => {
      const frames = page.frames();
      return frames.map((frame) => {
        const parent = frame.parentFrame();
        return { frame: toFrameDriver(frame), parent: parent ? frames.indexOf(parent) : -1 };
      });
    },
    addInitScript: async (source) => {
      await page.evaluateOnNewDocument(source);
    },
  };
}
