/**
 * A real search failure on PostgreSQL (the FAQ table renamed away under a running host,
 * as a botched migration or a revoked grant would leave it) is logged with its cause and
 * answered honestly; the stored reply is marked `search_failed`, also in the chat history
 * the HTTP host shows, so an operator can tell it from a question the FAQ cannot answer.
 */
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool, postgresStorageOnPool } from '../../adapters/postgres/index.js';
import { collectingLogger, startSeededHost } from '../../bench/workloads/http-load.js';
import { DEFAULT_SETTINGS } from '../../src/application/settings.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { postJson } from '../../bench/lib/http-load.js';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('PostgreSQL: a failing FAQ search', () => {
  it('is logged with its cause, and the stored reply says so (source search_failed)', async () => {
    // one pool for the host and the test's DDL (PGlite serves one connection at a time)
    const pool = await createPostgresPool({ ...(await database.isolatedSchema()), poolSize: 1 });
    const logger = collectingLogger();
    const host = await startSeededHost(postgresStorageOnPool(pool), logger);
    const rename = (from: string, to: string) =>
      pool.query(sql.unsafe`ALTER TABLE ${sql.identifier([from])} RENAME TO ${sql.identifier([to])}`);
    try {
      const start = await postJson(host.base, '/api/chat/start', {});
      const headers = { 'x-visitor-token': String(start.body['visitor_token']) };
      const session = String(start.body['session_uuid']);
      const ask = (message: string) =>
        postJson(host.base, '/api/chat/message', { session_uuid: session, message }, headers);

      const before = await ask('Когда придет мой заказ?');
      expect(before.body).toMatchObject({ source: 'faq' });

      await rename('knowledge_base', 'knowledge_base_away');
      const failed = await ask('Когда придет мой заказ?');
      await rename('knowledge_base_away', 'knowledge_base');

      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({
        source: 'search_failed',
        answer: DEFAULT_SETTINGS.searchFailedMessage,
        knowledge_id: null,
      });
      expect(logger.lines).toEqual([
        {
          level: 'error',
          message: expect.stringContaining('FAQ search failed'),
          fields: expect.objectContaining({
            error: 'StorageUnavailable',
            cause: expect.stringContaining('knowledge_base'),
            messageId: expect.any(Number),
          }),
        },
      ]);

      // the stored message carries the marker, and the host's history shows it
      const history = await fetch(`${host.base}/api/chat/history?session_uuid=${encodeURIComponent(session)}`, {
        headers,
      }).then(
        (r) => r.json() as Promise<{ messages: Array<{ role: string; source: string | null; content: string }> }>,
      );
      expect(history.messages.filter((m) => m.role === 'assistant').map((m) => m.source)).toEqual([
        'welcome',
        'faq',
        'search_failed',
      ]);
      // a failure is not an unanswered question
      expect(await host.assistant.listUnansweredQuestions({})).toEqual([]);

      // with the table back the same question is answered from the FAQ again
      expect((await ask('Когда придет мой заказ?')).body).toMatchObject({ source: 'faq' });
    } finally {
      await host.close();
    }
  }, 60_000);
});
