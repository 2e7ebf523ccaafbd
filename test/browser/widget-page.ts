import { join } from 'node:path';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startHost, type Host } from '../http/http-harness.js';
import { chromiumInstalled, CHROMIUM_PATH, launchChromium, SCREENSHOTS, type LaunchedBrowser } from './chromium.js';

/*
 * What the widget's browser tests share: where the widget's parts are, and the few
 * browser globals the page callbacks touch. The project compiles without the DOM lib, so
 * those are declared here, for the browser tests only.
 */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}
export interface PageNode {
  readonly id: string;
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<PageNode>;
  getRootNode(): { readonly activeElement: unknown };
  getBoundingClientRect(): Rect;
  getAttribute(name: string): string | null;
}

/** The spec's demo profile works Monday to Friday, 09:00 to 18:00 Moscow time. */
export const MONDAY_NOON_MOSCOW = new Date('2025-01-06T09:00:00Z');
export const SUNDAY_NOON_MOSCOW = new Date('2025-01-05T09:00:00Z');
export const FAQ_ORDER_ANSWER = "Выберите товар, нажмите 'Добавить в корзину', оформите заказ";

/** The widget's parts on a page, found through its open shadow root. */
export const widgetOn = (page: Page) => {
  const part = (selector: string) => page.locator(`#web-assistant-widget ${selector}`);
  return {
    part,
    launcher: () => part('button.launcher'),
    panel: () => part('[role="dialog"]'),
    input: () => part('textarea'),
    send: () => part('button.send'),
    status: () => part('.status'),
    hours: () => part('.hours'),
    notice: () => part('.notice'),
    answers: () => part('.msg.assistant'),
    messages: () => part('[role="log"] .msg'),
    /** Text of the chat log's bubbles, without the screen-reader speaker prefix. */
    bubbleTexts: () =>
      part('[role="log"] .msg').evaluateAll((nodes: PageNode[]) =>
        nodes.map((n) =>
          Array.from(n.childNodes)
            .filter((c) => c.nodeType === 3)
            .map((c) => c.textContent)
            .join(''),
        ),
      ),
  };
};

/** Uncaught page errors and CSP violations, which every test expects to stay empty. */
export const collectPageErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return errors;
};

/**
 * Registers a browser test file's hooks: one Chromium and one seeded host (its clock
 * fixed at `clock`) for the file, a fresh context and page for each test, and no page
 * errors at the end of each. Read the page and host from the result inside hooks and tests.
 */
export const useWidgetBrowser = (options: { clock: Date; context: BrowserContextOptions }) => {
  let chromium: LaunchedBrowser | undefined;
  let host: Host | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let pageErrors: string[] = [];
  beforeAll(async () => {
    // under CI=true a missing browser lands here and fails the file instead of skipping it
    if (!chromiumInstalled)
      throw new Error(`Chromium is required for browser tests in CI; not found at ${CHROMIUM_PATH}`);
    chromium = await launchChromium();
    host = await startHost({ clock: () => options.clock });
  });
  afterAll(async () => {
    await host?.close();
    await chromium?.close();
  });
  beforeEach(async () => {
    if (!chromium) throw new Error('Chromium did not start');
    context = await chromium.browser.newContext(options.context);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors).toEqual([]);
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet`);
    return value;
  };
  return {
    get page(): Page {
      return started(page, 'the page');
    },
    get host(): Host {
      return started(host, 'the host');
    },
  };
};

/** A second seeded host for a `describe` block, its clock fixed at `clock` (e.g. outside business hours). */
export const useHostAt = (clock: Date): (() => Host) => {
  let host: Host | undefined;
  beforeAll(async () => {
    host = await startHost({ clock: () => clock });
  });
  afterAll(() => host?.close());
  return () => {
    if (!host) throw new Error('the host is not started yet');
    return host;
  };
};

export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
