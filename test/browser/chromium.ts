import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by scripts/setup-chromium.sh); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM_PATH);
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Whether browser tests run: always in CI (where a missing browser must fail the build,
 * never skip it), and elsewhere only when Chromium is installed.
 */
export const runBrowserTests = chromiumInstalled || inCi;
if (!runBrowserTests) {
  process.stderr.write(
    `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (run: bash scripts/setup-chromium.sh)\n`,
  );
}

export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

export interface LaunchedBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * One headless Chromium for a test file. Playwright gives every launch a fresh temporary
 * profile directory of its own (it refuses a --user-data-dir argument), so runs never share state.
 */
export const launchChromium = async (): Promise<LaunchedBrowser> => {
  if (!chromiumInstalled) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run bash scripts/setup-chromium.sh`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
};
