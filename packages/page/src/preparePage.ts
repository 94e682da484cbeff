import type { PageDriver } from './PageDriver.js';
import { hooksSource } from './pageScripts.js';

/**
 * Installs the page hooks as an init script: from the next navigation on, every frame records the
 * site's `grecaptcha.execute(key, { action })` calls (reCAPTCHA v3's action is only known there) and
 * its `turnstile.render(container, options)` calls (callback, action and cdata of explicit renders)
 * from the first line of the site's code. Optional: without it, detection reads the DOM, the
 * registries and the inline scripts, and sees only the calls made after the first scan.
 */
export async function preparePage(driver: PageDriver): Promise<void> {
  await driver.addInitScript(hooksSource());
}
