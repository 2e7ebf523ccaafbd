/** The host examples in docs/examples run, not only type-check. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExpressApp } from '../../docs/examples/express-app.js';
import { buildFastifyApp } from '../../docs/examples/fastify-app.js';
import { runPostgresExample } from '../../docs/examples/postgres-script.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

describe('docs/examples', () => {
  it('Express: starts a chat and answers over HTTP, errors as JSON with the field path', async () => {
    const { app, assistant } = await buildExpressApp();
    await assistant.addKnowledge({ question: 'Как оформить заказ?', answer: 'Через корзину' });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const start = (await (await post('/chat/start', { page_url: 'https://shop.example/' })).json()) as {
        session_uuid: string;
      };
      const reply = await post('/chat/message', { session_uuid: start.session_uuid, message: 'Как оформить заказ?' });
      expect(await reply.json()).toMatchObject({ answer: 'Через корзину', source: 'faq' });
      const bad = await post('/chat/message', { session_uuid: 'nope', message: 'x' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'ValidationError', path: 'sessionUuid' } });
    } finally {
      server.close();
      await assistant.close();
    }
  });

  it('Fastify: searches the FAQ and maps errors', async () => {
    const app = await buildFastifyApp();
    try {
      const empty = await app.inject({ method: 'GET', url: '/faq/search?q=' });
      expect(empty.statusCode).toBe(400);
      const ok = await app.inject({ method: 'GET', url: '/faq/search?q=доставка' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  describe('plain script on PostgreSQL', () => {
    let database: PostgresTestDatabase;
    beforeAll(async () => {
      database = await startPostgresTestDatabase();
    });
    afterAll(async () => {
      await database?.close();
    });

    it('imports, answers, ends and reports', async () => {
      const options = await database.isolatedSchema();
      const url = options.schema
        ? `${options.connectionString}${options.connectionString.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${options.schema},public`)}`
        : options.connectionString;
      const lines = await runPostgresExample(url);
      expect(lines[0]).toBe('faq: По Москве 1-2 дня, по России 3-7 дней');
      expect(lines[1]).toBe('messages: 3, rating: 5');
    });
  });
});
