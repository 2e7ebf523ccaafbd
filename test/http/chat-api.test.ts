import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityString, userHash } from '../../adapters/http/index.js';
import { admin, call, errorOf, startChat, startHost, type Host } from './http-harness.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';
const MONDAY_NOON_MOSCOW = new Date('2025-01-06T09:00:00Z');
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('chat API over HTTP', () => {
  let host: Host;
  let base: string;
  beforeAll(async () => {
    host = await startHost({ clock: () => MONDAY_NOON_MOSCOW });
    base = host.base;
  });
  afterAll(() => host.close());

  describe('POST /api/chat/start', () => {
    it('opens a session with the welcome message, sets the visitor cookies and returns the token', async () => {
      const res = await call(base, 'POST', '/api/chat/start', {
        body: { page_url: 'https://shop.example/catalog', widget_profile: 'default' },
        headers: { 'user-agent': IPHONE },
      });
      expect(res.status).toBe(200);
      expect(res.body.session_uuid).toMatch(UUID_RE);
      expect(res.body.welcome_message).toBe('Здравствуйте! Чем могу помочь?');
      expect(res.body.visitor_id).toMatch(UUID_RE);
      expect(String(res.body.visitor_token)).toMatch(/^[0-9a-f-]{36}\.[0-9a-f]{64}$/);
      const cookies = res.headers.getSetCookie();
      const tokenCookie = cookies.find((c) => c.startsWith('visitor_token='));
      expect(tokenCookie).toMatch(/HttpOnly/i);
      expect(tokenCookie).toMatch(/SameSite=Lax/i);
      expect(cookies.some((c) => c.startsWith(`visitor_id=${String(res.body.visitor_id)}`))).toBe(true);

      const visitor = await host.assistant.createOrGetVisitor({ visitorId: String(res.body.visitor_id) });
      expect(visitor.deviceType).toBe('mobile');
      expect(visitor.browser).toBe('Mobile Safari');
      expect(visitor.ipAddress).toBe('127.0.0.1');
      const session = await host.assistant.findSession({ sessionUuid: String(res.body.session_uuid) });
      expect(session?.pageUrl).toBe('https://shop.example/catalog');
    });

    it("uses the profile's welcome message", async () => {
      const res = await call(base, 'POST', '/api/chat/start', { body: { widget_profile: 'sales' } });
      expect(res.body.welcome_message).toBe('Здравствуйте! Помогу выбрать товар!');
    });

    it('continues a visitor proven by the token (header or cookie), and ignores an unproven visitor_id', async () => {
      const first = await startChat(base);
      const byHeader = await call(base, 'POST', '/api/chat/start', { body: {}, headers: first.headers });
      expect(byHeader.body.visitor_id).toBe(first.visitorId);
      const byCookie = await call(base, 'POST', '/api/chat/start', {
        body: {},
        headers: { cookie: `visitor_token=${first.token}` },
      });
      expect(byCookie.body.visitor_id).toBe(first.visitorId);
      const claimed = await call(base, 'POST', '/api/chat/start', { body: { visitor_id: first.visitorId } });
      expect(claimed.status).toBe(200);
      expect(claimed.body.visitor_id).not.toBe(first.visitorId);
    });

    it('rejects a bad page_url with 400 and the field path', async () => {
      const res = await call(base, 'POST', '/api/chat/start', { body: { page_url: 'javascript:alert(1)' } });
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'ValidationError', path: 'page_url' });
    });

    it('rejects malformed JSON with 400', async () => {
      const res = await call(base, 'POST', '/api/chat/start', { rawBody: '{"page_url":' });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('BadRequest');
    });
  });

  describe('POST /api/chat/message', () => {
    it('answers a Russian question from the FAQ', async () => {
      const chat = await startChat(base);
      const res = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'Как оформить заказ?' },
        headers: chat.headers,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        answer: "Выберите товар, нажмите 'Добавить в корзину', оформите заказ",
        confidence: 'high',
        source: 'faq',
      });
      expect(typeof res.body.knowledge_id).toBe('number');
    });

    it('works with the cookie alone', async () => {
      const chat = await startChat(base);
      const res = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'Можно ли вернуть товар?' },
        headers: { cookie: `visitor_token=${chat.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.body.answer).toBe('Да, возврат возможен в течение 14 дней');
    });

    it('answers an unknown question with the hand-off text, confidence low', async () => {
      const chat = await startChat(base);
      const res = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'Посоветуйте ноутбук для игр' },
        headers: chat.headers,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ confidence: 'low', source: 'handoff', knowledge_id: null });
    });

    it('stores a retried message once (client_message_id)', async () => {
      const chat = await startChat(base);
      const body = { session_uuid: chat.sessionUuid, message: 'Как отследить заказ?', client_message_id: 'retry-1' };
      const a = await call(base, 'POST', '/api/chat/message', { body, headers: chat.headers });
      const b = await call(base, 'POST', '/api/chat/message', { body, headers: chat.headers });
      expect(b.body.message_id).toBe(a.body.message_id);
      const history = await call(base, 'GET', `/api/chat/history?session_uuid=${chat.sessionUuid}`, {
        headers: chat.headers,
      });
      expect((history.body.messages as unknown[]).length).toBe(3);
    });

    it('reports missing and malformed fields with their snake_case path', async () => {
      const chat = await startChat(base);
      const noMessage = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid },
        headers: chat.headers,
      });
      expect(noMessage.status).toBe(400);
      expect(errorOf(noMessage)).toMatchObject({ code: 'ValidationError', path: 'message' });
      const badUuid = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: 'nope', message: 'hi' },
        headers: chat.headers,
      });
      expect(badUuid.status).toBe(400);
      expect(errorOf(badUuid).path).toBe('session_uuid');
      const badId = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'hi', client_message_id: 42 },
        headers: chat.headers,
      });
      expect(errorOf(badId).path).toBe('client_message_id');
    });
  });

  describe('history, export and end', () => {
    it('returns the messages of the own session in order', async () => {
      const chat = await startChat(base);
      await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'Как оформить заказ?' },
        headers: chat.headers,
      });
      const res = await call(base, 'GET', `/api/chat/history?session_uuid=${chat.sessionUuid}`, {
        headers: chat.headers,
      });
      expect(res.status).toBe(200);
      const messages = res.body.messages as Array<Record<string, unknown>>;
      expect(messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
      expect(messages[0]).toMatchObject({ content: 'Здравствуйте! Чем могу помочь?', source: 'welcome' });
      expect(messages[2]?.source).toBe('faq');
      expect(res.body.session).toMatchObject({
        session_uuid: chat.sessionUuid,
        is_active: true,
        satisfaction_rating: null,
      });
    });

    it('exports as text, json and escaped html', async () => {
      const chat = await startChat(base);
      await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: '<script>alert(1)</script>' },
        headers: chat.headers,
      });
      const url = (format: string) => `${base}/api/chat/export?session_uuid=${chat.sessionUuid}&format=${format}`;
      const text = await fetch(url('text'), { headers: chat.headers });
      expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await text.text()).toContain('user: <script>alert(1)</script>');
      const json = await fetch(url('json'), { headers: chat.headers });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      expect((JSON.parse(await json.text()) as unknown[]).length).toBe(3);
      const html = await fetch(url('html'), { headers: chat.headers });
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.headers.get('content-security-policy')).toContain('sandbox');
      const body = await html.text();
      expect(body).not.toContain('<script>');
      expect(body).toContain('&#60;script&#62;');
      const bad = await call(base, 'GET', `/api/chat/export?session_uuid=${chat.sessionUuid}&format=pdf`, {
        headers: chat.headers,
      });
      expect(bad.status).toBe(400);
      expect(errorOf(bad).path).toBe('format');
    });

    it('ends with a rating; a second end and a later message are 409', async () => {
      const chat = await startChat(base);
      await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'Как оформить заказ?' },
        headers: chat.headers,
      });
      const bad = await call(base, 'POST', '/api/chat/end', {
        body: { session_uuid: chat.sessionUuid, rating: 6 },
        headers: chat.headers,
      });
      expect(bad.status).toBe(400);
      expect(errorOf(bad).path).toBe('rating');
      const ended = await call(base, 'POST', '/api/chat/end', {
        body: { session_uuid: chat.sessionUuid, rating: 5 },
        headers: chat.headers,
      });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ rating: 5, total_messages: 3, user_messages: 1 });
      const again = await call(base, 'POST', '/api/chat/end', {
        body: { session_uuid: chat.sessionUuid, rating: 4 },
        headers: chat.headers,
      });
      expect(again.status).toBe(409);
      expect(errorOf(again).code).toBe('SessionEnded');
      const late = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'ещё вопрос' },
        headers: chat.headers,
      });
      expect(late.status).toBe(409);
      const analytics = await call(base, 'GET', `/api/admin/sessions/${chat.sessionUuid}/analytics`, {
        headers: admin,
      });
      expect(analytics.body.session).toMatchObject({ satisfaction_rating: 5, is_active: false });
    });
  });

  describe('ownership', () => {
    it("answers 404 for another visitor's session and for an unknown one, 403 without a token", async () => {
      const owner = await startChat(base);
      const stranger = await startChat(base);
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const uuid of [owner.sessionUuid, unknown]) {
        const history = await call(base, 'GET', `/api/chat/history?session_uuid=${uuid}`, {
          headers: stranger.headers,
        });
        expect(history.status).toBe(404);
        expect(errorOf(history).code).toBe('SessionNotFound');
        const message = await call(base, 'POST', '/api/chat/message', {
          body: { session_uuid: uuid, message: 'привет' },
          headers: stranger.headers,
        });
        expect(message.status).toBe(404);
        const end = await call(base, 'POST', '/api/chat/end', {
          body: { session_uuid: uuid, rating: 1 },
          headers: stranger.headers,
        });
        expect(end.status).toBe(404);
        const exported = await call(base, 'GET', `/api/chat/export?session_uuid=${uuid}`, {
          headers: stranger.headers,
        });
        expect(exported.status).toBe(404);
      }
      const anonymous = await call(base, 'GET', `/api/chat/history?session_uuid=${owner.sessionUuid}`);
      expect(anonymous.status).toBe(403);
      expect(errorOf(anonymous).code).toBe('VisitorTokenRequired');
      const forged = `${owner.visitorId}.${'0'.repeat(64)}`;
      const withForged = await call(base, 'GET', `/api/chat/history?session_uuid=${owner.sessionUuid}`, {
        headers: { 'x-visitor-token': forged },
      });
      expect(withForged.status).toBe(403);
      // the stranger's attempts changed nothing
      const own = await call(base, 'GET', `/api/chat/history?session_uuid=${owner.sessionUuid}`, {
        headers: owner.headers,
      });
      expect((own.body.messages as unknown[]).length).toBe(1);
    });
  });

  describe('FAQ', () => {
    it('searches with category and limit', async () => {
      const res = await call(
        base,
        'GET',
        `/api/faq/search?q=${encodeURIComponent('оплата картой')}&category=${encodeURIComponent('Оплата')}&limit=2`,
      );
      expect(res.status).toBe(200);
      const results = res.body.results as Array<Record<string, unknown>>;
      expect(results[0]).toMatchObject({ question: 'Какие способы оплаты доступны?', category: 'Оплата' });
      expect(results.length).toBeLessThanOrEqual(2);
    });

    it('reports a missing q and a bad limit by their query names', async () => {
      const noQ = await call(base, 'GET', '/api/faq/search');
      expect(noQ.status).toBe(400);
      expect(errorOf(noQ).path).toBe('q');
      const badLimit = await call(base, 'GET', '/api/faq/search?q=test&limit=lots');
      expect(errorOf(badLimit).path).toBe('limit');
    });

    it('counts a helpful vote from a visitor; 403 without a token, 404 for an unknown entry', async () => {
      const chat = await startChat(base);
      const search = await call(base, 'GET', `/api/faq/search?q=${encodeURIComponent('вернуть товар')}&limit=1`);
      const id = (search.body.results as Array<{ id: number }>)[0]?.id;
      const ok = await call(base, 'POST', `/api/faq/${id}/helpful`, { body: {}, headers: chat.headers });
      expect(ok.status).toBe(200);
      const list = await call(base, 'GET', '/api/admin/faq', { headers: admin });
      expect(
        (list.body.entries as Array<{ id: number; helpful_count: number }>).find((e) => e.id === id)?.helpful_count,
      ).toBe(1);
      expect((await call(base, 'POST', `/api/faq/${id}/helpful`, { body: {} })).status).toBe(403);
      const missing = await call(base, 'POST', '/api/faq/99999/helpful', { body: {}, headers: chat.headers });
      expect(missing.status).toBe(404);
      expect(errorOf(missing).code).toBe('KnowledgeEntryNotFound');
    });
  });

  describe('GET /api/widget/:name', () => {
    it('returns the public profile fields, its language, and who can answer during business hours', async () => {
      const res = await call(base, 'GET', '/api/widget/default');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'default',
        bot_name: 'Помощник',
        primary_color: '#4CAF50',
        position: 'bottom-right',
        auto_open_delay: 10,
        placeholder_text: 'Напишите ваш вопрос...',
        language: 'ru',
        online: true,
      });
      // Monday noon in Moscow: the bot and the operators, who leave at 18:00 Moscow time
      expect(res.body.availability).toEqual({
        bot: true,
        people: {
          has_hours: true,
          within_hours: true,
          opens_at: null,
          closes_at: '2025-01-06T15:00:00.000Z',
          timezone: 'Europe/Moscow',
        },
      });
      expect(res.body).not.toHaveProperty('id');
    });

    it('on a Sunday in Moscow, says the bot answers and when the operators come back', async () => {
      const sunday = await startHost({ clock: () => new Date('2025-01-05T09:00:00Z') });
      try {
        const closed = (await call(sunday.base, 'GET', '/api/widget/default')).body;
        expect(closed.online).toBe(false);
        expect(closed.availability).toEqual({
          bot: true,
          people: {
            has_hours: true,
            within_hours: false,
            opens_at: '2025-01-06T06:00:00.000Z',
            closes_at: null,
            timezone: 'Europe/Moscow',
          },
        });
        // the demo's offline message no longer claims that no one answers
        expect(closed.offline_message).not.toMatch(/offline/i);
        // a profile without hours says nothing about people, and stays "online" for older widgets
        const sales = (await call(sunday.base, 'GET', '/api/widget/sales')).body;
        expect(sales.online).toBe(true);
        expect(sales.availability).toEqual({
          bot: true,
          people: { has_hours: false, within_hours: true, opens_at: null, closes_at: null, timezone: 'UTC' },
        });
      } finally {
        await sunday.close();
      }
    });

    it("changes a profile's language through the admin API, and refuses one the widget has no texts in", async () => {
      const put = (body: unknown) => call(base, 'PUT', '/api/admin/widget/english', { headers: admin, body });
      expect((await put({ bot_name: 'Helper', language: 'en' })).body.language).toBe('en');
      expect((await call(base, 'GET', '/api/widget/english')).body.language).toBe('en');
      const bad = await put({ language: 'de' });
      expect(bad.status).toBe(400);
      expect(errorOf(bad)).toMatchObject({ path: 'language', message: expect.stringContaining('ru, en') });
    });

    it('is 404 for an unknown or inactive profile, 400 for a bad name', async () => {
      expect((await call(base, 'GET', '/api/widget/nope')).status).toBe(404);
      await host.assistant.updateWidgetSettings({ name: 'hidden', isActive: false });
      expect((await call(base, 'GET', '/api/widget/hidden')).status).toBe(404);
      const bad = await call(base, 'GET', `/api/widget/${encodeURIComponent('a b')}`);
      expect(bad.status).toBe(400);
      expect(errorOf(bad).path).toBe('name');
    });
  });

  describe('POST /api/chat/register', () => {
    it('converts the visitor without identity verification when no secret is configured', async () => {
      const chat = await startChat(base);
      const res = await call(base, 'POST', '/api/chat/register', {
        body: { username: 'ivan_petrov', email: 'ivan@example.com', phone: '+79001234567' },
        headers: chat.headers,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ username: 'ivan_petrov', moved_sessions: 1 });
      const again = await call(base, 'POST', '/api/chat/register', {
        body: { username: 'ivan_2' },
        headers: chat.headers,
      });
      expect(again.status).toBe(409);
      expect(errorOf(again).code).toBe('VisitorAlreadyConverted');
      const other = await startChat(base);
      const dup = await call(base, 'POST', '/api/chat/register', {
        body: { username: 'ivan_petrov' },
        headers: other.headers,
      });
      expect(dup.status).toBe(409);
      expect(errorOf(dup).code).toBe('DuplicateUsername');
      const bad = await call(base, 'POST', '/api/chat/register', {
        body: { username: 'x', email: 'not-mail' },
        headers: other.headers,
      });
      expect(errorOf(bad).path).toBe('email');
      expect((await call(base, 'POST', '/api/chat/register', { body: { username: 'anon' } })).status).toBe(403);
    });

    it('with IDENTITY_SECRET, accepts only a user_hash made with the secret', async () => {
      const secret = 'shop-identity-secret';
      const verified = await startHost({ identitySecret: secret });
      try {
        const a = await startChat(verified.base);
        const missing = await call(verified.base, 'POST', '/api/chat/register', {
          body: { username: 'maria' },
          headers: a.headers,
        });
        expect(missing.status).toBe(401);
        expect(errorOf(missing)).toMatchObject({ code: 'IdentityNotVerified', path: 'user_hash' });
        const wrong = await call(verified.base, 'POST', '/api/chat/register', {
          body: { username: 'maria', user_hash: userHash('maria', 'another-secret') },
          headers: a.headers,
        });
        expect(wrong.status).toBe(401);
        const ok = await call(verified.base, 'POST', '/api/chat/register', {
          body: { username: 'maria', user_hash: userHash('maria', secret) },
          headers: a.headers,
        });
        expect(ok.status).toBe(201);
        const b = await startChat(verified.base);
        // a hash of the username alone cannot vouch for an e-mail, nor one of the e-mail for a username
        for (const signed of ['oleg', 'ceo@shop.example']) {
          const forged = await call(verified.base, 'POST', '/api/chat/register', {
            body: { username: 'oleg', email: 'ceo@shop.example', user_hash: userHash(signed, secret) },
            headers: b.headers,
          });
          expect(forged.status).toBe(401);
        }
        const both = await call(verified.base, 'POST', '/api/chat/register', {
          body: {
            username: 'oleg',
            email: 'oleg@example.com',
            user_hash: userHash(identityString('oleg', 'oleg@example.com'), secret),
          },
          headers: b.headers,
        });
        expect(both.status).toBe(201);
      } finally {
        await verified.close();
      }
    });
  });
});
