import { join } from 'node:path';
import fc from 'fast-check';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin, call, startHost, type Host } from '../http/http-harness.js';
import {
  chromiumInstalled,
  CHROMIUM_PATH,
  launchChromium,
  runBrowserTests,
  SCREENSHOTS,
  type LaunchedBrowser,
} from './chromium.js';

/*
 * Browser globals used inside page callbacks. The project compiles without the DOM lib, so
 * the few that the callbacks touch are declared here, for this module only.
 */
interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}
interface PageNode {
  readonly id: string;
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<PageNode>;
  getRootNode(): { readonly activeElement: unknown };
  getBoundingClientRect(): Rect;
}
declare const getComputedStyle: (node: PageNode) => { readonly backgroundColor: string };
declare const document: { readonly activeElement: PageNode | null };
declare const localStorage: { getItem(key: string): string | null };
declare const window: { readonly __xss?: unknown };

const MONDAY_NOON_MOSCOW = new Date('2025-01-06T09:00:00Z');
const SUNDAY_NOON_MOSCOW = new Date('2025-01-05T09:00:00Z');
const FAQ_ORDER_ANSWER = "Выберите товар, нажмите 'Добавить в корзину', оформите заказ";

const describeBrowser = runBrowserTests ? describe : describe.skip;

describeBrowser('chat widget in Chromium', () => {
  let chromium: LaunchedBrowser;
  let host: Host;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    // under CI=true a missing browser lands here and fails the file instead of skipping it
    if (!chromiumInstalled)
      throw new Error(`Chromium is required for browser tests in CI; not found at ${CHROMIUM_PATH}`);
    chromium = await launchChromium();
    host = await startHost({ clock: () => MONDAY_NOON_MOSCOW });
  });
  afterAll(async () => {
    await host?.close();
    await chromium?.close();
  });
  beforeEach(async () => {
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
    });
  });
  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const launcher = () => page.locator('#web-assistant-widget button.launcher');
  const input = () => page.locator('#web-assistant-widget textarea');
  const messages = () => page.locator('#web-assistant-widget [role="log"] .msg');

  /** Text of the chat log's bubbles, without the screen-reader speaker prefix. */
  const bubbleTexts = () =>
    page.locator('#web-assistant-widget [role="log"] .msg').evaluateAll((nodes: PageNode[]) =>
      nodes.map((n) =>
        Array.from(n.childNodes)
          .filter((c) => c.nodeType === 3)
          .map((c) => c.textContent)
          .join(''),
      ),
    );

  const openAndAsk = async (question: string, expectedAnswers: number) => {
    await launcher().click();
    await input().fill(question);
    await input().press('Enter');
    await expect
      .poll(() => page.locator('#web-assistant-widget .msg.assistant').count(), { timeout: 10_000 })
      .toBe(expectedAnswers);
  };

  it("appears with the profile's colour and position", async () => {
    await page.goto(`${host.base}/`);
    await launcher().waitFor();
    const style = await launcher().evaluate((el: PageNode) => {
      const r = el.getBoundingClientRect();
      return {
        background: getComputedStyle(el).backgroundColor,
        rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      };
    });
    expect(style.background).toBe('rgb(76, 175, 80)'); // #4CAF50
    expect(1280 - style.rect.right).toBeCloseTo(20, 0);
    expect(800 - style.rect.bottom).toBeCloseTo(20, 0);
    await expect.poll(() => launcher().getAttribute('aria-expanded')).toBe('false');
    await shot('widget-closed-default');

    // another profile, another colour and corner, opening by itself after its delay
    await host.assistant.updateWidgetSettings({ name: 'sales', position: 'top-left', autoOpenDelay: 1 });
    await page.route(`${host.base}/sales-page`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="ru"><body><h1>Распродажа</h1><script src="/widget.js" data-profile="sales" async></script></body></html>',
      }),
    );
    await page.goto(`${host.base}/sales-page`);
    await launcher().waitFor();
    const sales = await launcher().evaluate((el: PageNode) => {
      const r = el.getBoundingClientRect();
      return { background: getComputedStyle(el).backgroundColor, rect: { left: r.left, top: r.top } };
    });
    expect(sales.background).toBe('rgb(255, 87, 34)'); // #FF5722
    expect(sales.rect.left).toBeCloseTo(20, 0);
    expect(sales.rect.top).toBeCloseTo(20, 0);
    await expect.poll(() => launcher().getAttribute('aria-expanded'), { timeout: 5000 }).toBe('true');
    // opening by itself must not take the keyboard focus
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).not.toBe('web-assistant-widget');
    await expect.poll(() => page.locator('#web-assistant-widget .title').textContent()).toBe('Менеджер продаж');
    await shot('widget-sales-top-left');
  });

  it('answers a Russian question from the FAQ, and is usable by keyboard', async () => {
    await page.goto(`${host.base}/`);
    await launcher().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => launcher().getAttribute('aria-expanded')).toBe('true');
    const dialog = page.locator('#web-assistant-widget [role="dialog"]');
    expect(await dialog.getAttribute('aria-label')).toBe('Чат: Помощник');
    expect(await page.locator('#web-assistant-widget [role="log"]').getAttribute('aria-live')).toBe('polite');
    // focus moved into the panel, onto the labelled input
    expect(await input().evaluate((el: PageNode) => el.getRootNode().activeElement === el)).toBe(true);
    expect(await page.locator('#web-assistant-widget label[for="wa-input"]').textContent()).toBe('Ваше сообщение');

    await page.keyboard.type('Как оформить заказ?');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#web-assistant-widget .msg.assistant').count(), { timeout: 10_000 }).toBe(2);
    expect(await bubbleTexts()).toEqual(['Здравствуйте! Чем могу помочь?', 'Как оформить заказ?', FAQ_ORDER_ANSWER]);
    await shot('widget-faq-answer');

    await page.keyboard.press('Escape');
    await expect.poll(() => launcher().getAttribute('aria-expanded')).toBe('false');
    expect(await dialog.isHidden()).toBe(true);
    expect(await launcher().evaluate((el: PageNode) => el.getRootNode().activeElement === el)).toBe(true);
  });

  it('asks for a 1..5 rating when the visitor ends the chat, and stores it', async () => {
    await page.goto(`${host.base}/`);
    await openAndAsk('Какие способы оплаты доступны?', 2);
    const sessionUuid = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith(':session:default'));
      return key ? localStorage.getItem(key) : null;
    });
    expect(sessionUuid).toMatch(/^[0-9a-f-]{36}$/);
    await page.locator('#web-assistant-widget button.end').click();
    const stars = page.locator('#web-assistant-widget .star');
    expect(
      await stars.evaluateAll((b: Array<{ getAttribute(name: string): string | null }>) =>
        b.map((x) => x.getAttribute('aria-label')),
      ),
    ).toEqual(['Оценка 1 из 5', 'Оценка 2 из 5', 'Оценка 3 из 5', 'Оценка 4 из 5', 'Оценка 5 из 5']);
    await shot('widget-rating');
    await page.locator('#web-assistant-widget button[aria-label="Оценка 4 из 5"]').click();
    await page.locator('#web-assistant-widget .done').getByText('Спасибо за оценку!').waitFor();
    const analytics = await call(host.base, 'GET', `/api/admin/sessions/${sessionUuid}/analytics`, { headers: admin });
    expect(analytics.body.session).toMatchObject({ satisfaction_rating: 4, is_active: false });
  });

  it('keeps the conversation across a reload', async () => {
    await page.goto(`${host.base}/`);
    await openAndAsk('Можно ли вернуть товар?', 2);
    const before = await bubbleTexts();
    await page.reload();
    await expect.poll(() => messages().count(), { timeout: 10_000 }).toBe(3);
    expect(await bubbleTexts()).toEqual(before);
    expect(before[2]).toBe('Да, возврат возможен в течение 14 дней');
    // the panel was open before the reload, so it is open again
    expect(await launcher().getAttribute('aria-expanded')).toBe('true');
    await input().fill('Есть ли доставка в регионы?');
    await input().press('Enter');
    await expect.poll(() => page.locator('#web-assistant-widget .msg.assistant').count(), { timeout: 10_000 }).toBe(3);
    expect((await bubbleTexts())[4]).toBe('Да, доставляем по всей России');
    await shot('widget-after-reload');
  });

  it('shows HTML typed into a message as text and never runs it', async () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    await page.goto(`${host.base}/`);
    await openAndAsk(payload, 2);
    expect((await bubbleTexts())[1]).toBe(payload);
    expect(await page.locator('#web-assistant-widget [role="log"] img').count()).toBe(0);
    await page.reload();
    await expect.poll(() => messages().count(), { timeout: 10_000 }).toBe(3);
    expect((await bubbleTexts())[1]).toBe(payload);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await shot('widget-html-as-text');
  });

  it('renders hostile stored content (visitor messages and FAQ answers) as text, never as markup', async () => {
    // a fixed sample of generated hostile strings, plus the classic vectors
    const generated = fc
      .sample(
        fc.tuple(
          fc.constantFrom('<', '"><', "'><", '</textarea><'),
          fc.constantFrom('img src=x onerror=', 'svg onload=', 'script>', 'iframe srcdoc='),
          fc.string({ maxLength: 8 }),
        ),
        { numRuns: 6, seed: 424242 },
      )
      .map(([open, tag, tail]) => `${open}${tag}window.__xss=1${tail}`);
    const payloads = [
      ...generated,
      '<script>window.__xss=1</script>',
      '<a href="javascript:window.__xss=1">x</a>',
      '&lt;b&gt;entity&lt;/b&gt;',
    ];
    const hostileAnswer = '<img src=x onerror="window.__xss=2"> Ответ <b>жирным</b>';
    await call(host.base, 'POST', '/api/admin/faq', {
      headers: admin,
      body: { question: 'Есть ли подарочная упаковка?', answer: hostileAnswer, keywords: 'подарочная упаковка' },
    });
    await page.goto(`${host.base}/`);
    await openAndAsk('Есть ли подарочная упаковка?', 2);
    for (const [i, payload] of payloads.entries()) {
      await input().fill(payload);
      await input().press('Enter');
      await expect
        .poll(() => page.locator('#web-assistant-widget .msg.assistant').count(), { timeout: 10_000 })
        .toBe(i + 3);
    }
    const texts = await bubbleTexts();
    expect(texts[2]).toBe(hostileAnswer);
    for (const payload of payloads) expect(texts).toContain(payload);
    // the widget's own icons are SVGs inside its buttons; nothing else may be markup
    const injected =
      '#web-assistant-widget [role="log"] :is(img, script, iframe, a, b), #web-assistant-widget [role="log"] svg:not(button svg)';
    expect(await page.locator(injected).count()).toBe(0);
    await page.reload();
    await expect.poll(() => messages().count(), { timeout: 10_000 }).toBe(texts.length);
    expect(await bubbleTexts()).toEqual(texts);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  });

  describe('outside business hours', () => {
    let closed: Host;
    beforeAll(async () => {
      closed = await startHost({ clock: () => SUNDAY_NOON_MOSCOW });
    });
    afterAll(() => closed.close());

    it('shows the offline message and still takes a message', async () => {
      await page.goto(`${closed.base}/`);
      await launcher().click();
      const notice = page.locator('#web-assistant-widget .notice');
      await notice.waitFor();
      expect(await notice.textContent()).toBe('Мы сейчас offline. Оставьте сообщение!');
      expect(await page.locator('#web-assistant-widget .status').textContent()).toContain('не в сети');
      await shot('widget-offline');
      await input().fill('Когда придет мой заказ?');
      await input().press('Enter');
      await expect
        .poll(() => page.locator('#web-assistant-widget .msg.assistant').count(), { timeout: 10_000 })
        .toBe(2);
    });
  });
});
