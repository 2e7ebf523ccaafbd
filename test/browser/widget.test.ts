import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { admin, call, startHost, type Host } from '../http/http-harness.js';
import { runBrowserTests } from './chromium.js';
import {
  FAQ_ORDER_ANSWER,
  MONDAY_NOON_MOSCOW,
  screenshot,
  SUNDAY_NOON_MOSCOW,
  useHostAt,
  useWidgetBrowser,
  widgetOn,
  type PageNode,
} from './widget-page.js';

/* The few browser globals the page callbacks below touch (the project has no DOM lib). */
declare const getComputedStyle: (node: PageNode) => { readonly backgroundColor: string };
declare const document: { readonly activeElement: PageNode | null };
declare const localStorage: { getItem(key: string): string | null };
declare const window: { readonly __xss?: unknown };

const describeBrowser = runBrowserTests ? describe : describe.skip;

describeBrowser('chat widget in Chromium', () => {
  const browser = useWidgetBrowser({
    clock: MONDAY_NOON_MOSCOW,
    context: { viewport: { width: 1280, height: 800 }, locale: 'ru-RU' },
  });
  let host: Host;
  let page: Page;
  beforeEach(() => {
    ({ host, page } = browser);
  });

  const shot = (name: string) => screenshot(page, name);
  const launcher = () => widgetOn(page).launcher();
  const input = () => widgetOn(page).input();
  const messages = () => widgetOn(page).messages();
  const bubbleTexts = () => widgetOn(page).bubbleTexts();

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

  it('says the bot is on and until when the operators work, in Russian like the profile', async () => {
    await page.clock.setFixedTime(MONDAY_NOON_MOSCOW);
    await page.goto(`${host.base}/`);
    await launcher().click();
    const w = widgetOn(page);
    expect(await w.status().textContent()).toBe('Бот на связи');
    expect(await w.hours().textContent()).toBe('Операторы работают до 18:00 (МСК)');
    expect(await w.notice().isHidden()).toBe(true);
    expect(await w.part('.root').getAttribute('lang')).toBe('ru');
  });

  it("speaks the profile's language: an English profile gets the widget's English texts", async () => {
    await host.assistant.updateWidgetSettings({
      name: 'english',
      language: 'en',
      botName: 'Helper',
      businessHours: { timezone: 'Europe/London', monday: { start: '09:00', end: '17:30' } },
    });
    await page.clock.setFixedTime(MONDAY_NOON_MOSCOW);
    await page.route(`${host.base}/english-page`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="en"><body><h1>Shop</h1><script src="/widget.js" data-profile="english" async></script></body></html>',
      }),
    );
    await page.goto(`${host.base}/english-page`);
    expect(await launcher().getAttribute('aria-label')).toBe('Open chat: Helper');
    await launcher().click();
    const w = widgetOn(page);
    expect(await w.status().textContent()).toBe('Bot online');
    expect(await w.hours().textContent()).toBe('Operators work until 5:30 PM (GMT)');
    expect(await input().getAttribute('placeholder')).toBe('Type your question…');
    expect(await w.part('label[for="wa-input"]').textContent()).toBe('Your message');
    expect(await w.bubbleTexts()).toEqual(['Hello! How can I help?']);
    expect(await w.part('.root').getAttribute('lang')).toBe('en');
    await shot('widget-english');
  });

  it('updates the lines when the hours end while the page stays open', async () => {
    let now = new Date('2025-01-06T14:59:30Z'); // Monday 17:59:30 in Moscow
    const evening = await startHost({ clock: () => now });
    try {
      await page.clock.install({ time: now });
      await page.goto(`${evening.base}/`);
      await launcher().click();
      const w = widgetOn(page);
      expect(await w.hours().textContent()).toBe('Операторы работают до 18:00 (МСК)');
      expect(await w.notice().isHidden()).toBe(true);
      now = new Date('2025-01-06T15:01:00Z');
      // the widget asks again at the closing time, at least a minute after it last asked
      await page.clock.fastForward(61_000);
      await expect.poll(() => w.notice().isVisible()).toBe(true);
      expect(await w.part('.notice .when').textContent()).toBe('Операторы вернутся завтра в 9:00 (МСК).');
      expect(await w.hours().isHidden()).toBe(true);
    } finally {
      await evening.close();
    }
  });

  describe('outside business hours', () => {
    const closed = useHostAt(SUNDAY_NOON_MOSCOW);

    it('says the bot answers now and when the operators are back, and takes a message', async () => {
      await page.clock.setFixedTime(SUNDAY_NOON_MOSCOW);
      await page.goto(`${closed().base}/`);
      await launcher().click();
      const w = widgetOn(page);
      await w.notice().waitFor();
      expect(await w.status().textContent()).toBe('Бот на связи');
      expect(await w.part('.notice span:first-child').textContent()).toBe(
        'Операторы сейчас не в сети, но бот ответит сразу: спросите о заказе, доставке, оплате или возврате.',
      );
      expect(await w.part('.notice .when').textContent()).toBe('Операторы вернутся завтра в 9:00 (МСК).');
      expect(await w.hours().isHidden()).toBe(true);
      // nothing in English in a Russian profile's widget
      expect(await w.panel().textContent()).not.toMatch(/offline|online/i);
      await shot('widget-offline');
      await input().fill('Когда придет мой заказ?');
      await input().press('Enter');
      await expect.poll(() => w.answers().count(), { timeout: 10_000 }).toBe(2);
      expect((await w.bubbleTexts())[2]).toBe('После отправки мы пришлем трек-номер');
    });

    it('names the weekday when the operators are back after more than a day', async () => {
      const saturdayNoonMoscow = new Date('2025-01-04T09:00:00Z');
      const saturday = await startHost({ clock: () => saturdayNoonMoscow });
      try {
        await page.clock.setFixedTime(saturdayNoonMoscow);
        await page.goto(`${saturday.base}/`);
        await launcher().click();
        await expect
          .poll(() => widgetOn(page).part('.notice .when').textContent())
          .toBe('Операторы вернутся в понедельник в 9:00 (МСК).');
      } finally {
        await saturday.close();
      }
    });
  });
});
