import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HostedAssistant } from '../../adapters/http/index.js';
import { call, errorOf, startChat, startHost, type Host } from './http-harness.js';

describe('HTTP host security', () => {
  let host: Host;
  let base: string;
  beforeAll(async () => {
    host = await startHost({
      corsOrigins: ['https://shop.example'],
      rateLimit: { message: 3, start: 100, global: 1000 },
    });
    base = host.base;
  });
  afterAll(() => host.close());

  it('refuses a body over 64 KB with 413', async () => {
    const chat = await startChat(base);
    const res = await call(base, 'POST', '/api/chat/message', {
      body: { session_uuid: chat.sessionUuid, message: 'я'.repeat(40_000) },
      headers: chat.headers,
    });
    expect(res.status).toBe(413);
    expect(errorOf(res).code).toBe('PayloadTooLarge');
  });

  it('limits chat messages per visitor with 429, and another visitor keeps their budget', async () => {
    const chat = await startChat(base);
    const send = (c: typeof chat) =>
      call(base, 'POST', '/api/chat/message', {
        body: { session_uuid: c.sessionUuid, message: 'Как оформить заказ?' },
        headers: c.headers,
      });
    for (let i = 0; i < 3; i++) expect((await send(chat)).status).toBe(200);
    const limited = await send(chat);
    expect(limited.status).toBe(429);
    expect(errorOf(limited).code).toBe('RateLimited');
    expect(limited.headers.get('retry-after')).toBeTruthy();
    const other = await startChat(base);
    expect((await send(other)).status).toBe(200);
  });

  it('also caps messages per IP across visitors, since new visitor tokens are cheap', async () => {
    const capped = await startHost({ rateLimit: { message: 100, messagePerIp: 4, start: 100 } });
    try {
      const send = (c: Awaited<ReturnType<typeof startChat>>) =>
        call(capped.base, 'POST', '/api/chat/message', {
          body: { session_uuid: c.sessionUuid, message: 'Как оформить заказ?' },
          headers: c.headers,
        });
      const visitors = [await startChat(capped.base), await startChat(capped.base), await startChat(capped.base)];
      for (const v of visitors.slice(0, 2)) {
        expect((await send(v)).status).toBe(200);
        expect((await send(v)).status).toBe(200);
      }
      const third = await send(visitors[2]!);
      expect(third.status).toBe(429);
      expect(errorOf(third).code).toBe('RateLimited');
      expect(third.headers.get('retry-after')).toBeTruthy();
    } finally {
      await capped.close();
    }
  });

  it('limits new chats per IP', async () => {
    const capped = await startHost({ rateLimit: { start: 2 } });
    try {
      expect((await call(capped.base, 'POST', '/api/chat/start', { body: {} })).status).toBe(200);
      const again = await startChat(capped.base);
      // a token does not buy a new budget for starting chats
      expect((await call(capped.base, 'POST', '/api/chat/start', { body: {}, headers: again.headers })).status).toBe(
        429,
      );
    } finally {
      await capped.close();
    }
  });

  it('sends CORS headers to an allowed origin only', async () => {
    const allowed = await fetch(`${base}/api/widget/default`, { headers: { origin: 'https://shop.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await fetch(`${base}/api/chat/message`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-visitor-token',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-visitor-token');
    const other = await fetch(`${base}/api/widget/default`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const sameOrigin = await fetch(`${base}/api/widget/default`);
    expect(sameOrigin.status).toBe(200);
  });

  it('sets security headers, with a CSP that allows only own scripts', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<script src="/widget.js" data-profile="default" async></script>');
    expect(html).not.toMatch(/<script>(?!<)/);
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const api = await fetch(`${base}/api/widget/default`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const res = await call(base, 'GET', '/api/nothing');
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NotFound');
  });
});

describe('error mapping', () => {
  /** A facade whose every method fails the same way. */
  const failing = (error: Error): HostedAssistant =>
    new Proxy({} as HostedAssistant, {
      get: (_t, prop) => (prop === 'storageKind' ? 'fake' : () => Promise.reject(error)),
    });

  const hostWith = async (error: Error) => {
    const app = await createHttpServer({ assistant: failing(error), rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { app, base: `http://127.0.0.1:${port}` };
  };

  it('hides unexpected failures behind a 500 without details', async () => {
    const { app, base } = await hostWith(new Error('password=hunter2 at db.internal:5432'));
    try {
      const res = await call(base, 'GET', '/api/widget/default');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'InternalError', message: 'internal error' } });
    } finally {
      await app.close();
    }
  });

  it('answers StorageUnavailable with 503 and no driver message', async () => {
    const { app, base } = await hostWith(
      Object.assign(new Error('ECONNREFUSED 10.0.0.5:5432'), { tag: 'StorageUnavailable', issues: [] }),
    );
    try {
      const res = await call(base, 'GET', '/api/faq/search?q=x');
      expect(res.status).toBe(503);
      expect(errorOf(res).code).toBe('StorageUnavailable');
      expect(JSON.stringify(res.body)).not.toContain('10.0.0.5');
    } finally {
      await app.close();
    }
  });
});
