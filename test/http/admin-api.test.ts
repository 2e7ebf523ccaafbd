import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, ADMIN_TOKEN, call, errorOf, startChat, startHost, type Host } from './http-harness.js';

describe('admin API over HTTP', () => {
  let host: Host;
  let base: string;
  beforeAll(async () => {
    host = await startHost();
    base = host.base;
  });
  afterAll(() => host.close());

  it('is 401 without the bearer token or with a wrong one, 403 when no token is configured', async () => {
    expect((await call(base, 'GET', '/api/admin/faq')).status).toBe(401);
    const wrong = await call(base, 'GET', '/api/admin/faq', { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong).code).toBe('Unauthorized');
    expect((await call(base, 'GET', '/api/admin/faq', { headers: { authorization: ADMIN_TOKEN } })).status).toBe(401);
    expect((await call(base, 'DELETE', '/api/admin/faq/1')).status).toBe(401);
    const off = await startHost({ adminToken: null });
    try {
      const res = await call(off.base, 'GET', '/api/admin/faq', { headers: admin });
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('AdminDisabled');
    } finally {
      await off.close();
    }
  });

  describe('FAQ', () => {
    it('creates, lists, updates and deactivates an entry', async () => {
      const created = await call(base, 'POST', '/api/admin/faq', {
        headers: admin,
        body: {
          question: 'Есть ли подарочные сертификаты?',
          answer: 'Да, от 1000 ₽',
          category: 'Подарки',
          keywords: 'сертификат, подарок',
          priority: 5,
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        question: 'Есть ли подарочные сертификаты?',
        category: 'Подарки',
        priority: 5,
        is_active: true,
      });
      const id = Number(created.body.id);

      const list = await call(base, 'GET', '/api/admin/faq?limit=100', { headers: admin });
      expect((list.body.entries as Array<{ id: number }>).some((e) => e.id === id)).toBe(true);

      const patched = await call(base, 'PATCH', `/api/admin/faq/${id}`, {
        headers: admin,
        body: { answer: 'Да, от 500 ₽', is_active: true },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.answer).toBe('Да, от 500 ₽');

      const found = await call(base, 'GET', `/api/faq/search?q=${encodeURIComponent('подарочные сертификаты')}`);
      expect((found.body.results as Array<{ id: number }>)[0]?.id).toBe(id);

      const deleted = await call(base, 'DELETE', `/api/admin/faq/${id}`, { headers: admin });
      expect(deleted.status).toBe(200);
      expect(deleted.body.is_active).toBe(false);
      const after = await call(base, 'GET', `/api/faq/search?q=${encodeURIComponent('подарочные сертификаты')}`);
      expect((after.body.results as Array<{ id: number }>).some((e) => e.id === id)).toBe(false);
      const inactive = await call(base, 'GET', '/api/admin/faq?include_inactive=true', { headers: admin });
      expect((inactive.body.entries as Array<{ id: number }>).some((e) => e.id === id)).toBe(true);
    });

    it('reports validation failures with snake_case paths and unknown ids as 404', async () => {
      const noAnswer = await call(base, 'POST', '/api/admin/faq', {
        headers: admin,
        body: { question: 'Вопрос без ответа' },
      });
      expect(noAnswer.status).toBe(400);
      expect(errorOf(noAnswer)).toMatchObject({ code: 'ValidationError', path: 'answer' });
      const badFlag = await call(base, 'PATCH', '/api/admin/faq/1', { headers: admin, body: { is_active: 'yes' } });
      expect(errorOf(badFlag).path).toBe('is_active');
      const missing = await call(base, 'PATCH', '/api/admin/faq/99999', { headers: admin, body: { answer: 'x' } });
      expect(missing.status).toBe(404);
      expect((await call(base, 'DELETE', '/api/admin/faq/99999', { headers: admin })).status).toBe(404);
      const badId = await call(base, 'DELETE', '/api/admin/faq/abc', { headers: admin });
      expect(badId.status).toBe(400);
      expect(errorOf(badId).path).toBe('id');
      const badQuery = await call(base, 'GET', '/api/admin/faq?limit=1000', { headers: admin });
      expect(errorOf(badQuery).path).toBe('limit');
    });

    it('imports in bulk, with a body larger than the ordinary limit', async () => {
      const entries = Array.from({ length: 80 }, (_, i) => ({
        question: `Вопрос номер ${i} про товар ${'x'.repeat(1000)}`,
        answer: `Ответ ${i}`,
        category: 'Импорт',
      }));
      const body = { entries, auto_embed: false };
      expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
      const res = await call(base, 'POST', '/api/admin/faq/bulk', { headers: admin, body });
      expect(res.status).toBe(201);
      expect(res.body.count).toBe(80);
      const bad = await call(base, 'POST', '/api/admin/faq/bulk', {
        headers: admin,
        body: { entries: [{ question: 'ok', answer: 'ok' }, { answer: 'no question' }] },
      });
      expect(bad.status).toBe(400);
      expect(errorOf(bad).path).toBe('entries.1.question');
      const stats = await call(base, 'GET', '/api/admin/faq/stats', { headers: admin });
      expect(stats.body.categories).toEqual(expect.arrayContaining([{ category: 'Импорт', count: 80 }]));
    });

    it('lists the questions the FAQ could not answer, most asked first', async () => {
      const start = await call(base, 'POST', '/api/chat/start', { body: {} });
      const token = start.body.visitor_token as string;
      for (const message of [
        'Посоветуйте ноутбук для игр',
        'посоветуйте ноутбук для игр!',
        'Есть ли у вас самокаты?',
      ]) {
        await call(base, 'POST', '/api/chat/message', {
          headers: { 'x-visitor-token': token },
          body: { session_uuid: start.body.session_uuid, message },
        });
      }
      const listed = await call(base, 'GET', '/api/admin/faq/unanswered', { headers: admin });
      expect(listed.status).toBe(200);
      expect((listed.body.questions as unknown[])[0]).toMatchObject({
        text: 'посоветуйте ноутбук для игр',
        count: 2,
        example: 'посоветуйте ноутбук для игр!',
      });
      expect((await call(base, 'GET', '/api/admin/faq/unanswered', {})).status).toBe(401);
    });
  });

  describe('widget profiles', () => {
    it('reads, updates and validates a profile; the public endpoint shows the change', async () => {
      const got = await call(base, 'GET', '/api/admin/widget/support', { headers: admin });
      expect(got.body).toMatchObject({
        name: 'support',
        bot_name: 'Техподдержка',
        primary_color: '#607D8B',
        is_active: true,
      });
      const put = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: {
          position: 'top-left',
          auto_open_delay: 0,
          bot_avatar_url: 'https://cdn.example.com/bot.png',
          business_hours: { timezone: 'Asia/Yekaterinburg', saturday: { start: '10:00', end: '16:00' } },
        },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ position: 'top-left', bot_name: 'Техподдержка' });
      const pub = await call(base, 'GET', '/api/widget/support');
      expect(pub.body).toMatchObject({ position: 'top-left', bot_avatar_url: 'https://cdn.example.com/bot.png' });
      const badColor = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { primary_color: 'red' },
      });
      expect(badColor.status).toBe(400);
      expect(errorOf(badColor).path).toBe('primary_color');
      const badAvatar = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { bot_avatar_url: 'http://cdn.example.com/bot.png' },
      });
      expect(errorOf(badAvatar).path).toBe('bot_avatar_url');
      const badHours = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { business_hours: { monday: { start: '9', end: '18:00' } } },
      });
      expect(errorOf(badHours).path).toBe('business_hours.monday.start');
      expect((await call(base, 'GET', '/api/admin/widget/nope', { headers: admin })).status).toBe(404);
      const all = await call(base, 'GET', '/api/admin/widget', { headers: admin });
      expect((all.body.profiles as Array<{ name: string }>).map((p) => p.name)).toEqual(
        expect.arrayContaining(['default', 'sales', 'support']),
      );
    });
  });

  describe('agent context', () => {
    it('lists, sets and reads entries', async () => {
      const list = await call(base, 'GET', '/api/admin/context', { headers: admin });
      expect((list.body.entries as Array<{ key: string }>).map((e) => e.key)).toEqual(
        expect.arrayContaining(['system_prompt', 'ai_model']),
      );
      const put = await call(base, 'PUT', '/api/admin/context/shop_phone', {
        headers: admin,
        body: { value: '+7 495 000-00-00', category: 'branding' },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ key: 'shop_phone', value: '+7 495 000-00-00', category: 'branding' });
      const got = await call(base, 'GET', '/api/admin/context/shop_phone', { headers: admin });
      expect(got.body.value).toBe('+7 495 000-00-00');
      const branding = await call(base, 'GET', '/api/admin/context?category=branding', { headers: admin });
      expect((branding.body.entries as Array<{ key: string }>).map((e) => e.key).sort()).toEqual([
        'shop_name',
        'shop_phone',
      ]);
      const noValue = await call(base, 'PUT', '/api/admin/context/x', { headers: admin, body: {} });
      expect(errorOf(noValue).path).toBe('value');
      expect((await call(base, 'GET', '/api/admin/context/never_set', { headers: admin })).status).toBe(404);
    });
  });

  describe('analytics', () => {
    it('shows a session, its statistics, and the active sessions', async () => {
      const chat = await startChat(base);
      await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'Как оформить заказ?' },
        headers: chat.headers,
      });
      const res = await call(base, 'GET', `/api/admin/sessions/${chat.sessionUuid}/analytics`, { headers: admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        total_messages: 3,
        user_messages_count: 1,
        assistant_messages_count: 2,
        total_tokens: 0,
      });
      expect(res.body.session).toMatchObject({ session_uuid: chat.sessionUuid, is_active: true });
      const active = await call(base, 'GET', '/api/admin/sessions/active?limit=100', { headers: admin });
      expect(
        (active.body.sessions as Array<{ session_uuid: string }>).some((s) => s.session_uuid === chat.sessionUuid),
      ).toBe(true);
      const unknown = await call(base, 'GET', '/api/admin/sessions/00000000-0000-4000-8000-000000000000/analytics', {
        headers: admin,
      });
      expect(unknown.status).toBe(404);
      const bad = await call(base, 'GET', '/api/admin/sessions/nope/analytics', { headers: admin });
      expect(bad.status).toBe(400);
    });
  });
});
