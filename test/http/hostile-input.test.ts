import { beforeAll, describe, expect, it } from 'vitest';
import { admin, call, errorOf, hostForSuite, startChat, startHost } from './http-harness.js';

/** `{"a":{"a":…}}` nested `depth` levels: 8 KB at 1,000 levels, and no token needed to send it. */
const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('hostile input over HTTP', () => {
  const suite = hostForSuite();
  let base: string;
  beforeAll(() => {
    base = suite.base;
  });

  describe('deeply nested JSON', () => {
    it('is a 400 with a clear message on every JSON route, the bulk import too, never a 500', async () => {
      const chat = await startChat(base);
      const body = nested(4_000);
      const targets: Array<[string, string, Record<string, string>]> = [
        ['POST', '/api/chat/start', {}],
        ['POST', '/api/chat/message', chat.headers],
        ['POST', '/api/admin/faq/bulk', admin],
        ['PUT', '/api/admin/widget/support', admin],
      ];
      for (const [method, path, headers] of targets) {
        const res = await call(base, method, path, { rawBody: body, headers });
        expect(res.status, path).toBe(400);
        expect(errorOf(res), path).toMatchObject({ code: 'BadRequest' });
        expect(String(errorOf(res).message), path).toMatch(/nested deeper than \d+ levels/);
      }
    });

    it('counts arrays and objects alike, and brackets inside strings not at all', async () => {
      const arrays = await call(base, 'POST', '/api/chat/start', { rawBody: '['.repeat(100) + ']'.repeat(100) });
      expect(arrays.status).toBe(400);
      expect(String(errorOf(arrays).message)).toMatch(/nested deeper/);
      const chat = await startChat(base);
      const bracey = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: '{[{["\\"'.repeat(500) },
        headers: chat.headers,
      });
      expect(bracey.status).toBe(200);
    });

    it('still accepts the ordinary shapes (business hours are four levels deep)', async () => {
      const res = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { business_hours: { timezone: 'Europe/Moscow', monday: { start: '09:00', end: '18:00' } } },
      });
      expect(res.status).toBe(200);
    });
  });

  describe('JSON that is not an object', () => {
    it('is a 400 rather than an empty body that makes a PUT or PATCH succeed doing nothing', async () => {
      for (const raw of ['null', '[]', '"support"', '1e999']) {
        for (const [method, path] of [
          ['PUT', '/api/admin/widget/created_by_null'],
          ['PATCH', '/api/admin/faq/1'],
          ['POST', '/api/chat/start'],
        ] as const) {
          const res = await call(base, method, path, { rawBody: raw, headers: admin });
          expect(res.status, `${raw} ${path}`).toBe(400);
          expect(errorOf(res)).toEqual({ code: 'BadRequest', message: 'the body must be a JSON object' });
        }
      }
      expect((await call(base, 'GET', '/api/admin/widget/created_by_null', { headers: admin })).status).toBe(404);
    });

    it('names a prototype key as the reason it is refused, not "not valid JSON"', async () => {
      for (const raw of ['{"__proto__":{"is_active":false}}', '{"constructor":{"prototype":{"x":1}}}']) {
        const res = await call(base, 'PUT', '/api/admin/widget/support', { rawBody: raw, headers: admin });
        expect(res.status).toBe(400);
        expect(String(errorOf(res).message)).toMatch(/"__proto__" key.*not accepted/);
      }
      const broken = await call(base, 'POST', '/api/chat/start', { rawBody: '{"__proto__":' });
      expect(String(errorOf(broken).message)).toMatch(/not valid JSON/);
    });
  });

  describe('media types', () => {
    it('answers 415 with a JSON error for a body that is not JSON, on every body-taking route', async () => {
      const chat = await startChat(base);
      const targets: Array<[string, string, Record<string, string>]> = [
        ['POST', '/api/chat/start', {}],
        ['POST', '/api/chat/message', chat.headers],
        ['POST', '/api/chat/end', chat.headers],
        ['POST', '/api/chat/register', chat.headers],
        ['POST', '/api/admin/faq', admin],
        ['POST', '/api/admin/faq/bulk', admin],
        ['PATCH', '/api/admin/faq/1', admin],
        ['PUT', '/api/admin/widget/support', admin],
        ['PUT', '/api/admin/context/greeting', admin],
      ];
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        for (const [method, path, headers] of targets) {
          const res = await call(base, method, path, {
            rawBody: 'session_uuid=1',
            headers: { ...headers, 'content-type': type },
          });
          expect(res.status, `${type} ${path}`).toBe(415);
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          expect(errorOf(res).code).toBe('UnsupportedMediaType');
          expect(String(errorOf(res).message)).toContain('application/json');
        }
      }
    });

    it('accepts JSON with a charset and a UTF-8 BOM; refuses another charset and bytes that are not UTF-8', async () => {
      const withCharset = await call(base, 'POST', '/api/chat/start', {
        rawBody: '{}',
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(withCharset.status).toBe(200);
      const bom = await call(base, 'POST', '/api/chat/start', {
        rawBody: '\uFEFF{"title":"Вопрос"}',
      });
      expect(bom.status).toBe(200);
      const cp1251 = await call(base, 'POST', '/api/chat/start', {
        rawBody: '{}',
        headers: { 'content-type': 'application/json; charset=windows-1251' },
      });
      expect(cp1251.status).toBe(415);
      expect(String(errorOf(cp1251).message)).toMatch(/UTF-8/);
      // "Доставка" as Windows-1251 bytes: would be stored as U+FFFD replacement characters
      const raw = Buffer.concat([
        Buffer.from('{"entries":[{"question":"'),
        Buffer.from([0xc4, 0xee, 0xf1, 0xf2, 0xe0, 0xe2, 0xea, 0xe0]),
        Buffer.from('","answer":"x"}]}'),
      ]);
      const res = await fetch(`${base}/api/admin/faq/bulk`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: raw,
      });
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(answer.error.message).toMatch(/UTF-8/);
    });
  });

  describe('widget profile fields', () => {
    it('refuses a misspelled day in business_hours with a 400 that names the key, and keeps the old hours', async () => {
      await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { business_hours: { timezone: 'Europe/Moscow', monday: { start: '09:00', end: '18:00' } } },
      });
      const res = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { business_hours: { timezone: 'Europe/Moscow', Monday: { start: '09:00', end: '18:00' } } },
      });
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'ValidationError', path: 'business_hours.Monday' });
      expect(String(errorOf(res).message)).toMatch(/unknown field.*monday, tuesday/);
      const kept = await call(base, 'GET', '/api/admin/widget/support', { headers: admin });
      expect(kept.body.business_hours).toEqual({ timezone: 'Europe/Moscow', monday: { start: '09:00', end: '18:00' } });
    });

    it('refuses unknown keys inside a day and at the top level of the profile', async () => {
      const inDay = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { business_hours: { monday: { start: '09:00', finish: '18:00' } } },
      });
      expect(inDay.status).toBe(400);
      expect(errorOf(inDay).path).toBe('business_hours.monday.finish');
      const top = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { primary_colour: '#000000' },
      });
      expect(top.status).toBe(400);
      expect(errorOf(top).path).toBe('primary_colour');
      expect(String(errorOf(top).message)).toMatch(/^primary_colour: unknown field; expected one of: .*primary_color/);
      expect(String(errorOf(top).message)).not.toContain('primaryColor');
    });

    it('takes back what GET answered (its read-only fields are ignored)', async () => {
      const got = await call(base, 'GET', '/api/admin/widget/support', { headers: admin });
      const put = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { ...got.body, bot_name: 'Поддержка' },
      });
      expect(put.status).toBe(200);
      expect(put.body.bot_name).toBe('Поддержка');
    });
  });

  describe('error messages', () => {
    it('name the allowed values', async () => {
      const chat = await startChat(base);
      const res = await call(base, 'GET', `/api/chat/export?session_uuid=${chat.sessionUuid}&format=pdf`, {
        headers: chat.headers,
      });
      expect(res.status).toBe(400);
      expect(errorOf(res).message).toBe('format: must be one of: text, json, html');
      const position = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { position: 'middle' },
      });
      expect(errorOf(position).message).toBe(
        'position: must be one of: bottom-right, bottom-left, top-right, top-left',
      );
      const active = await call(base, 'PUT', '/api/admin/widget/support', {
        headers: admin,
        body: { is_active: 'yes' },
      });
      expect(errorOf(active).message).toBe('is_active: must be true or false');
    });

    it('never carry the internal numeric id of a session', async () => {
      const chat = await startChat(base);
      await call(base, 'POST', '/api/chat/end', { body: { session_uuid: chat.sessionUuid }, headers: chat.headers });
      const session = await suite.host.assistant.findSession({ sessionUuid: chat.sessionUuid });
      const again = await call(base, 'POST', '/api/chat/end', {
        body: { session_uuid: chat.sessionUuid },
        headers: chat.headers,
      });
      const late = await call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: chat.sessionUuid, message: 'ещё' },
        headers: chat.headers,
      });
      for (const res of [again, late]) {
        expect(res.status).toBe(409);
        expect(errorOf(res).code).toBe('SessionEnded');
        expect(String(errorOf(res).message)).not.toMatch(new RegExp(`\\b${session?.id}\\b`));
        expect(errorOf(res).message).toBe('the session has already ended');
      }
    });
  });
});

describe('registration probing', () => {
  it('bounds /api/chat/register per visitor and per IP, since a 409 tells whether an e-mail is registered', async () => {
    const host = await startHost({ rateLimit: { register: 1, registerPerIp: 2, start: 100, global: 1000 } });
    try {
      const probe = (headers: Record<string, string>, n: number) =>
        call(host.base, 'POST', '/api/chat/register', {
          body: { username: `probe_${n}`, email: 'known@example.com' },
          headers,
        });
      const first = await startChat(host.base);
      await call(host.base, 'POST', '/api/chat/register', {
        body: { username: 'owner', email: 'known@example.com' },
        headers: first.headers,
      });
      const a = await startChat(host.base);
      expect((await probe(a.headers, 1)).status).toBe(409);
      const limited = await probe(a.headers, 2);
      expect(limited.status).toBe(429);
      expect(errorOf(limited).code).toBe('RateLimited');
      expect(limited.headers.get('retry-after')).toBeTruthy();
      // a fresh token buys a new visitor budget, but not a new budget for the address
      const b = await startChat(host.base);
      expect((await probe(b.headers, 3)).status).toBe(429);
      expect(errorOf(await probe(b.headers, 4)).code).toBe('RateLimited');
    } finally {
      await host.close();
    }
  });
});
