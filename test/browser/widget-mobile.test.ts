import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { admin, call, type Host } from '../http/http-harness.js';
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
interface ViewportFake {
  height: number | null;
  offsetTop: number;
  readonly target: { dispatchEvent(event: unknown): boolean };
}
declare const window: {
  readonly innerWidth: number;
  readonly innerHeight: number;
  readonly visualViewport: { readonly width: number; readonly height: number; readonly offsetLeft: number } | null;
  scrollTo(x: number, y: number): void;
  __keyboard?: ViewportFake;
};
declare const document: { readonly documentElement: { readonly scrollWidth: number; readonly scrollHeight: number } };
declare const localStorage: { getItem(key: string): string | null };

/** The phones the issue names: a current iPhone-sized screen and a small Android one. */
const PHONES = [
  { name: '390x844', viewport: { width: 390, height: 844 }, keyboard: 336 },
  { name: '360x640', viewport: { width: 360, height: 640 }, keyboard: 260 },
] as const;

/** A visitor's finger needs at least this much (WCAG 2.5.5, Apple's and Google's guidelines). */
const MIN_TARGET = 44;

/**
 * Mobile browsers that let the on-screen keyboard cover the page (iOS Safari; Chrome
 * without `interactive-widget=resizes-content`) leave the layout viewport alone and
 * shrink only `window.visualViewport`, which headless Chromium cannot do by itself. This
 * init script stands in a visual viewport the test can shrink and move, and otherwise
 * reports the real one.
 */
const fakeKeyboardViewport = () => {
  const real = window.visualViewport;
  const target = new EventTarget();
  const fake: ViewportFake = { height: null, offsetTop: 0, target };
  window.__keyboard = fake;
  const viewport = {
    get width() {
      return real ? real.width : window.innerWidth;
    },
    get height() {
      return fake.height ?? (real ? real.height : window.innerHeight);
    },
    get offsetTop() {
      return fake.offsetTop;
    },
    get offsetLeft() {
      return real ? real.offsetLeft : 0;
    },
    scale: 1,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  };
  Object.defineProperty(window, 'visualViewport', { configurable: true, get: () => viewport });
};

const describeBrowser = runBrowserTests ? describe : describe.skip;

describeBrowser.each(PHONES)('chat widget on a $name phone', (phone) => {
  const browser = useWidgetBrowser({
    clock: MONDAY_NOON_MOSCOW,
    context: { viewport: phone.viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ru-RU' },
  });
  let host: Host;
  let page: Page;
  beforeEach(() => {
    ({ host, page } = browser);
  });
  const w = () => widgetOn(page);
  const shot = (name: string) => screenshot(page, `phone-${phone.name}-${name}`);

  const viewportSize = () => page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
  const noSidewaysScroll = async () => {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(innerWidth).toBe(phone.viewport.width);
  };
  const box = async (locator: Locator) => {
    const b = await locator.boundingBox();
    if (!b) throw new Error('not rendered');
    return b;
  };
  /** The element's box lies inside [0, width] x [top, bottom] (CSS pixels, half a pixel of rounding). */
  const expectInside = async (locator: Locator, area: { width: number; top?: number; bottom: number }) => {
    const b = await box(locator);
    expect(b.x).toBeGreaterThanOrEqual(-0.5);
    expect(b.y).toBeGreaterThanOrEqual((area.top ?? 0) - 0.5);
    expect(b.x + b.width).toBeLessThanOrEqual(area.width + 0.5);
    expect(b.y + b.height).toBeLessThanOrEqual(area.bottom + 0.5);
  };
  const openByTap = async () => {
    await page.clock.setFixedTime(MONDAY_NOON_MOSCOW);
    await page.goto(`${host.base}/`);
    await w().launcher().tap();
    await expect.poll(() => w().launcher().getAttribute('aria-expanded')).toBe('true');
  };
  const ask = async (question: string, answers: number) => {
    await w().input().tap();
    await page.keyboard.type(question);
    await w().send().tap();
    await expect.poll(() => w().answers().count(), { timeout: 10_000 }).toBe(answers);
  };

  it('shows the shop without sideways scrolling, with a launcher a thumb can reach', async () => {
    await page.clock.install({ time: MONDAY_NOON_MOSCOW });
    await page.goto(`${host.base}/`);
    await w().launcher().waitFor();
    await noSidewaysScroll();
    const size = await viewportSize();
    await expectInside(w().launcher(), { width: size.width, bottom: size.height });
    const launcher = await box(w().launcher());
    expect(launcher.width).toBeGreaterThanOrEqual(MIN_TARGET);
    expect(launcher.height).toBeGreaterThanOrEqual(MIN_TARGET);
    await shot('shop');
    // still there, still in the corner, at the end of the page
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await noSidewaysScroll();
    await expectInside(w().launcher(), { width: size.width, bottom: size.height });
    // a phone never gets the sheet pushed over the shop by itself (the profile asks for auto-open after 10 s)
    await page.clock.fastForward(11_000);
    expect(await w().launcher().getAttribute('aria-expanded')).toBe('false');
  });

  it('opens as a full-screen sheet with a tap, answers from the FAQ, takes a rating and closes', async () => {
    await openByTap();
    const size = await viewportSize();
    const sheet = await box(w().panel());
    expect(sheet).toEqual({ x: 0, y: 0, width: size.width, height: size.height });
    await noSidewaysScroll();
    // the sheet covers the launcher's corner; its own header closes it
    expect(await w().launcher().isHidden()).toBe(true);
    // the dialog has the focus, not the input: no keyboard pops up over the sheet unasked
    expect(
      await w()
        .panel()
        .evaluate((el: PageNode) => el.getRootNode().activeElement === el),
    ).toBe(true);
    expect(await w().hours().textContent()).toBe('Операторы работают до 18:00 (МСК)');

    await ask('Как оформить заказ?', 2);
    expect((await w().bubbleTexts())[2]).toBe(FAQ_ORDER_ANSWER);
    for (const part of ['.header', '.form', 'button.end', 'button[aria-label="Закрыть чат"]', 'button.send'])
      await expectInside(w().part(part), { width: size.width, bottom: size.height });
    for (const target of ['button.end', 'button[aria-label="Закрыть чат"]', 'button.send']) {
      const b = await box(w().part(target));
      expect(Math.min(b.width, b.height), target).toBeGreaterThanOrEqual(36);
    }
    await shot('answer');

    await w().part('button.end').tap();
    const stars = w().part('.star');
    await stars.first().waitFor();
    for (let i = 0; i < 5; i++) {
      await expectInside(stars.nth(i), { width: size.width, bottom: size.height });
      expect((await box(stars.nth(i))).width).toBeGreaterThanOrEqual(MIN_TARGET);
    }
    await shot('rating');
    const sessionUuid = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith(':session:default'));
      return key ? localStorage.getItem(key) : null;
    });
    await w().part('button[aria-label="Оценка 5 из 5"]').tap();
    await w().part('.done').getByText('Спасибо за оценку!').waitFor();
    const analytics = await call(host.base, 'GET', `/api/admin/sessions/${sessionUuid}/analytics`, { headers: admin });
    expect(analytics.body.session).toMatchObject({ satisfaction_rating: 5, is_active: false });

    await w().part('button[aria-label="Закрыть чат"]').tap();
    expect(await w().panel().isHidden()).toBe(true);
    await expectInside(w().launcher(), { width: size.width, bottom: size.height });
    expect(
      await w()
        .launcher()
        .evaluate((el: PageNode) => el.getRootNode().activeElement === el),
    ).toBe(true);
  });

  it('keeps the input above a keyboard that shrinks the page (interactive-widget=resizes-content)', async () => {
    await openByTap();
    await ask('Можно ли вернуть товар?', 2);
    await w().input().tap();
    const height = phone.viewport.height - phone.keyboard;
    await page.setViewportSize({ width: phone.viewport.width, height });
    await expect.poll(async () => (await box(w().panel())).height).toBe(height);
    for (const part of ['.header', '.form', 'textarea', 'button.send'])
      await expectInside(w().part(part), { width: phone.viewport.width, bottom: height });
    expect(
      await w()
        .input()
        .evaluate((el: PageNode) => el.getRootNode().activeElement === el),
    ).toBe(true);
    // the newest answer is still in sight above the input
    await expectInside(w().answers().last(), { width: phone.viewport.width, bottom: height });
    await noSidewaysScroll();
    await shot('keyboard');
  });

  it('keeps the input above a keyboard that covers the page (visual viewport only, as in iOS Safari)', async () => {
    await page.addInitScript(fakeKeyboardViewport);
    await openByTap();
    await ask('Есть ли доставка в регионы?', 2);
    await w().input().tap();
    const visible = phone.viewport.height - phone.keyboard;
    // the keyboard rises; then the browser scrolls the page a little to show the input
    for (const offsetTop of [0, 120]) {
      await page.evaluate(
        ([h, top]) => {
          const k = window.__keyboard;
          if (!k) throw new Error('no fake viewport');
          k.height = h;
          k.offsetTop = top;
          k.target.dispatchEvent(new Event(top === 0 ? 'resize' : 'scroll'));
        },
        [visible, offsetTop] as const,
      );
      // the layout viewport did not change: without the widget following the visual one, the input stays under the keyboard
      expect((await viewportSize()).height).toBe(phone.viewport.height);
      await expect.poll(async () => (await box(w().panel())).y).toBe(offsetTop);
      for (const part of ['.header', 'textarea', 'button.send'])
        await expectInside(w().part(part), {
          width: phone.viewport.width,
          top: offsetTop,
          bottom: offsetTop + visible,
        });
      await expectInside(w().answers().last(), {
        width: phone.viewport.width,
        top: offsetTop,
        bottom: offsetTop + visible,
      });
    }
    expect(
      await w()
        .input()
        .evaluate((el: PageNode) => el.getRootNode().activeElement === el),
    ).toBe(true);
  });

  describe('outside business hours', () => {
    const closed = useHostAt(SUNDAY_NOON_MOSCOW);

    it('fits the offline notice into the sheet and still answers', async () => {
      await page.clock.setFixedTime(SUNDAY_NOON_MOSCOW);
      await page.goto(`${closed().base}/`);
      await w().launcher().tap();
      await w().notice().waitFor();
      const size = await viewportSize();
      await expectInside(w().notice(), { width: size.width, bottom: size.height });
      expect(await w().part('.notice .when').textContent()).toBe('Операторы вернутся завтра в 9:00 (МСК).');
      await ask('Какие способы оплаты доступны?', 2);
      await expectInside(w().answers().last(), { width: size.width, bottom: size.height });
      await noSidewaysScroll();
      await shot('offline');
    });
  });
});
