import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (Debian package `chromium`); `CAPKIT_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.CAPKIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launches the system Chromium headless. A missing browser is a failure, never a skip: these tests
 * are the only proof that the package works in a real browser.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. Install it with \`apt-get update && apt-get install -y chromium\` ` +
        '(`npm test` does this through tools/scripts/install-deps.sh), or set CAPKIT_CHROMIUM to its path.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
