/**
 * Through the real HTTP host on a loopback port, on both storage backends:
 *  - the same question gets the same answer under load: a bounded run of a few hundred
 *    messages from concurrent visitors (bench/lib/http-load.ts, the bench's `http`
 *    workload at a larger size) changes no answer;
 *  - a visitor's "this answer helped" counts once, however often it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool, postgresStorageOnPool } from '../../adapters/postgres/index.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { collectingLogger, runStabilityCheck, startSeededHost } from '../../bench/workloads/http-load.js';
import type { Storage } from '../../src/ports/repositories.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { postJson } from '../../bench/lib/http-load.js';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const backends: ReadonlyArray<readonly [string, () => Promise<Storage>]> = [
  ['sql.js', () => createSqlJsStorage()],
  [
    'PostgreSQL',
    async () =>
      postgresStorageOnPool(
        await createPostgresPool({
          ...(await database.isolatedSchema()),
          poolSize: database.kind === 'pglite' ? 1 : 6,
        }),
      ),
  ],
];

describe.each(backends)('HTTP host on %s', (_name, open) => {
  it('300 messages from 5 concurrent visitors: answers changed 0', async () => {
    const logger = collectingLogger();
    const host = await startSeededHost(await open(), logger);
    try {
      const run = await runStabilityCheck(host.base, { visitors: 5, messagesPerVisitor: 60 });
      expect(run.load.answers).toHaveLength(300);
      expect(run.load.failures).toBe(0);
      expect(run.changed).toEqual([]);
      // both reply paths ran: FAQ answers (views counted) and hand-offs (unanswered counted)
      const sources = new Set(run.load.answers.map((a) => a.source));
      expect([...sources].sort()).toEqual(['faq', 'handoff']);
      expect(logger.lines).toEqual([]);
    } finally {
      await host.close();
    }
  }, 120_000);

  it('a visitor marks an answer helpful 20 times: counted once; a second visitor makes 2', async () => {
    const host = await startSeededHost(await open(), collectingLogger());
    try {
      const visitor = async () => {
        const start = await postJson(host.base, '/api/chat/start', {});
        const headers = { 'x-visitor-token': String(start.body['visitor_token']) };
        const answer = await postJson(
          host.base,
          '/api/chat/message',
          { session_uuid: start.body['session_uuid'], message: 'Когда придет мой заказ?' },
          headers,
        );
        expect(answer.body['source']).toBe('faq');
        return { headers, knowledgeId: Number(answer.body['knowledge_id']) };
      };
      const helpfulCount = async (id: number) =>
        (await host.assistant.listKnowledge({ limit: 100 })).find((e) => e.id === id)?.helpfulCount;

      const first = await visitor();
      const votes = [];
      for (let i = 0; i < 20; i++) {
        votes.push(await postJson(host.base, `/api/faq/${first.knowledgeId}/helpful`, {}, first.headers));
      }
      // every repeat is accepted (a widget that retries sees no error) and counts nothing
      expect(votes.map((v) => v.status)).toEqual(votes.map(() => 200));
      expect(await helpfulCount(first.knowledgeId)).toBe(1);

      const second = await visitor();
      expect(second.knowledgeId).toBe(first.knowledgeId);
      await Promise.all(
        Array.from({ length: 5 }, () =>
          postJson(host.base, `/api/faq/${second.knowledgeId}/helpful`, {}, second.headers),
        ),
      );
      expect(await helpfulCount(first.knowledgeId)).toBe(2);

      expect((await postJson(host.base, `/api/faq/${first.knowledgeId}/helpful`, {})).status).toBe(403);
      expect((await postJson(host.base, '/api/faq/99999/helpful', {}, first.headers)).status).toBe(404);
    } finally {
      await host.close();
    }
  }, 60_000);
});
