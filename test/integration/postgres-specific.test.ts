import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool, createPostgresStorage, postgresStorageOnPool } from '../../adapters/postgres/index.js';
import { createKnowledgeBaseRepository } from '../../adapters/postgres/knowledge-base-repository.js';
import { decodeVector, encodeVector } from '../../adapters/postgres/vector-encoding.js';
import { createVectorSearchSettings } from '../../adapters/postgres/vector-search-settings.js';
import { orTsQuery } from '../../adapters/postgres/text-query.js';
import { EMBEDDING_DIMENSIONS } from '../../src/domain/entities/knowledge-entry.js';
import type { NewKnowledgeEntry } from '../../src/ports/knowledge-base.js';
import { startRoundTripProxy } from '../../bench/lib/round-trip-proxy.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { randomUnitVectors } from './random-vectors.js';

const onServer = Boolean(process.env.TEST_DATABASE_URL);

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const entry = (question: string, embedding: Float32Array, category: string): NewKnowledgeEntry => ({
  question,
  answer: 'ответ',
  category,
  keywords: null,
  priority: 0,
  isActive: true,
  embedding,
  embeddingModel: 'test',
});

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};

describe('PostgreSQL specifics', () => {
  it("binary vector encoding is pgvector's wire format and round-trips exactly", async () => {
    const [vector] = randomUnitVectors(1, 7);
    const encoded = encodeVector(vector!);
    expect(encoded.length).toBe(4 + 4 * EMBEDDING_DIMENSIONS);
    expect(encoded.readInt16BE(0)).toBe(EMBEDDING_DIMENSIONS);
    expect(decodeVector(encoded)).toEqual(vector);

    const storage = await database.openStorage();
    const [stored] = await storage.repositories.knowledge
      .addMany([entry('q', vector!, 'c')], new Date())()
      .then((r) => (E.isRight(r) ? r.right : []));
    const pool = await database.sharedPool();
    {
      // the server parsed the binary parameter as the same floats: its text form reads back equal
      const row = await pool.one(
        sql.type(
          z.object({ text: z.string() }),
        )`SELECT embedding::text AS text FROM knowledge_base WHERE id = ${stored!.id}`,
      );
      const fromServer = Float32Array.from(JSON.parse(z.object({ text: z.string() }).parse(row).text) as number[]);
      expect(fromServer).toEqual(vector);
    }
  });

  it('filtered vector search returns the exact top `limit` of the category', async () => {
    const storage = await database.openStorage();
    const vectors = randomUnitVectors(200, 42);
    const entries = vectors.map((v, i) => entry(`q${i}`, v, i % 25 === 0 ? 'rare' : 'common'));
    expect(E.isRight(await storage.repositories.knowledge.addMany(entries, new Date())())).toBe(true);
    const query = vectors[1]!;
    const result = await storage.repositories.knowledge.searchByVector(query, { category: 'rare', limit: 5 })();
    if (E.isLeft(result)) throw new Error(result.left.message);
    const expected = entries
      .map((e, i) => ({ i, e, score: cosine(query, vectors[i]!) }))
      .filter(({ e }) => e.category === 'rare')
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    expect(result.right.map((h) => h.entry.question)).toEqual(expected.map(({ e }) => e.question));
    for (const [k, hit] of result.right.entries()) expect(hit.score).toBeCloseTo(expected[k]!.score, 4);
  });

  it('on the HNSW path a filter needs iterative scan to fill `limit` (the adapter turns it on)', async () => {
    const storage = await database.openStorage();
    const vectors = randomUnitVectors(200, 11);
    const entries = vectors.map((v, i) => entry(`q${i}`, v, i % 25 === 0 ? 'rare' : 'common'));
    expect(E.isRight(await storage.repositories.knowledge.addMany(entries, new Date())())).toBe(true);
    const pool = await database.sharedPool();
    const Plan = z.object({ 'QUERY PLAN': z.string() });
    const Id = z.object({ id: z.number() });
    {
      // Small tables are planned as exact scans; force the index path large tables take.
      const run = (iterative: 'off' | 'relaxed_order') =>
        pool.transaction(async (tx) => {
          for (const [name, value] of [
            ['enable_seqscan', 'off'],
            ['enable_bitmapscan', 'off'],
            ['enable_sort', 'off'],
            ['hnsw.ef_search', '10'],
            ['hnsw.iterative_scan', iterative],
          ]) {
            await tx.query(sql.type(z.unknown())`SELECT set_config(${name!}, ${value!}, true)`);
          }
          const probe = sql.binary(encodeVector(vectors[0]!));
          const plan = await tx.any(sql.type(Plan)`
            EXPLAIN SELECT id FROM knowledge_base WHERE is_active AND category = 'rare'
            ORDER BY embedding <=> ${probe}::vector LIMIT 5`);
          const rows = await tx.any(sql.type(Id)`
            SELECT id FROM knowledge_base WHERE is_active AND category = 'rare'
            ORDER BY embedding <=> ${probe}::vector LIMIT 5`);
          return { plan: plan.map((r) => Plan.parse(r)['QUERY PLAN']).join('\n'), rows: rows.length };
        });
      const without = await run('off');
      const withIterative = await run('relaxed_order');
      expect(withIterative.plan).toContain('knowledge_base_embedding_hnsw_idx');
      expect(without.rows).toBeLessThan(5);
      expect(withIterative.rows).toBe(5);
    }
  });

  describe('a large addMany into a small table rebuilds the HNSW index in its transaction', () => {
    const IndexRow = z.object({ valid: z.boolean(), definition: z.string() });
    const hnswIndex = async () => {
      const pool = await database.sharedPool();
      const rows = await pool.any(sql.type(IndexRow)`
        SELECT i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
        WHERE i.indexrelid = to_regclass('knowledge_base_embedding_hnsw_idx')
          AND i.indrelid = 'knowledge_base'::regclass`);
      return rows.map((row) => IndexRow.parse(row));
    };
    const indexOid = async () => {
      const pool = await database.sharedPool();
      const Oid = z.object({ oid: z.number().nullable() });
      return Oid.parse(
        await pool.one(sql.type(Oid)`SELECT to_regclass('knowledge_base_embedding_hnsw_idx')::oid::int AS oid`),
      ).oid;
    };
    const rowCount = async () => {
      const pool = await database.sharedPool();
      const Count = z.object({ count: z.number() });
      return Count.parse(await pool.one(sql.type(Count)`SELECT count(*)::int AS count FROM knowledge_base`)).count;
    };
    /** A storage on the shared pool whose threshold is small enough for a test batch. */
    const storageWithThreshold = async (bulkIndexRebuildThreshold: number) => {
      await database.openStorage(); // empties the tables
      return postgresStorageOnPool(await database.sharedPool(), { bulkIndexRebuildThreshold });
    };

    it('leaves the index present, valid, with the migration definition, and search working', async () => {
      const storage = await storageWithThreshold(20);
      const before = await hnswIndex();
      const oidBefore = await indexOid();
      const vectors = randomUnitVectors(60, 5);
      const entries = vectors.map((v, i) => entry(`bulk${i}`, v, 'c'));
      const added = await storage.repositories.knowledge.addMany(entries, new Date())();
      if (E.isLeft(added)) throw new Error(added.left.message);
      expect(added.right.map((e) => e.question)).toEqual(entries.map((e) => e.question));
      // rebuilt: same definition, a new index
      expect(await hnswIndex()).toEqual(before);
      expect(before).toEqual([
        { valid: true, definition: expect.stringMatching(/USING hnsw \(embedding vector_cosine_ops\)$/) },
      ]);
      expect(await indexOid()).not.toBe(oidBefore);
      const hits = await storage.repositories.knowledge.searchByVector(vectors[7]!, { category: null, limit: 3 })();
      if (E.isLeft(hits)) throw new Error(hits.left.message);
      expect(hits.right[0]?.entry.question).toBe('bulk7');
      expect(hits.right[0]?.score).toBeCloseTo(1, 4);
    });

    it('keeps the row-by-row path when the table already holds more rows than the batch', async () => {
      const storage = await storageWithThreshold(20);
      const first = randomUnitVectors(60, 8).map((v, i) => entry(`first${i}`, v, 'c'));
      expect(E.isRight(await storage.repositories.knowledge.addMany(first, new Date())())).toBe(true);
      const oid = await indexOid();
      const second = randomUnitVectors(30, 9).map((v, i) => entry(`second${i}`, v, 'c'));
      expect(E.isRight(await storage.repositories.knowledge.addMany(second, new Date())())).toBe(true);
      expect(await indexOid()).toBe(oid);
      expect(await rowCount()).toBe(90);
    });

    it('a failing batch leaves the original index in place and no rows', async () => {
      const storage = await storageWithThreshold(20);
      const oid = await indexOid();
      const entries = randomUnitVectors(40, 6).map((v, i) => entry(`bad${i}`, v, 'c'));
      // category is varchar(100): the last row fails after the index was dropped
      entries[39] = { ...entries[39]!, category: 'x'.repeat(101) };
      const added = await storage.repositories.knowledge.addMany(entries, new Date())();
      expect(E.isLeft(added)).toBe(true);
      expect(await indexOid()).toBe(oid);
      expect(await hnswIndex()).toEqual([{ valid: true, definition: expect.stringContaining('USING hnsw') }]);
      expect(await rowCount()).toBe(0);
    });
  });

  it('hnswEfSearch is the ef_search of vector search, never below 2 × limit', async () => {
    await database.openStorage();
    const pool = await database.sharedPool();
    const vectors = randomUnitVectors(30, 21);
    const seeded = await postgresStorageOnPool(pool).repositories.knowledge.addMany(
      vectors.map((v, i) => entry(`e${i}`, v, 'c')),
      new Date(),
    )();
    expect(E.isRight(seeded)).toBe(true);
    const Setting = z.object({ value: z.string() });
    // set_config(…, true) lasts until the end of the transaction: search inside one, then read it
    const efSearchOfSearch = (options: { hnswEfSearch?: number }, limit: number) =>
      pool.transaction(async (connection) => {
        const knowledge = createKnowledgeBaseRepository(
          { connection, inTransaction: true },
          createVectorSearchSettings(options),
        );
        const hits = await knowledge.searchByVector(vectors[0]!, { category: null, limit })();
        expect(E.isRight(hits) && hits.right.length).toBe(Math.min(limit, 30));
        const row = await connection.one(sql.type(Setting)`SELECT current_setting('hnsw.ef_search') AS value`);
        return Number(Setting.parse(row).value);
      });
    expect(await efSearchOfSearch({}, 5)).toBe(40);
    expect(await efSearchOfSearch({}, 30)).toBe(60);
    expect(await efSearchOfSearch({ hnswEfSearch: 100 }, 5)).toBe(100);
    expect(await efSearchOfSearch({ hnswEfSearch: 10 }, 20)).toBe(40);
    expect(() => postgresStorageOnPool(pool, { hnswEfSearch: 0 })).toThrow(RangeError);
    expect(() => postgresStorageOnPool(pool, { hnswEfSearch: 1001 })).toThrow(RangeError);
  });

  it('text search turns any user text into a safe OR query', async () => {
    expect(orTsQuery("доставка & !оплата | ( 'x' <-> y:* )")).toBe('доставка | оплата | x | y');
    expect(orTsQuery('!!! ---')).toBeNull();
    const storage = await database.openStorage();
    const hits = await storage.repositories.knowledge.searchByText("') OR 1=1; --", { category: null, limit: 5 })();
    expect(hits).toEqual(E.right([]));
  });

  it('an unreachable server is reported as StorageUnavailable within 2 s', async () => {
    const started = Date.now();
    const failure = await createPostgresStorage({
      connectionString: 'postgres://root@127.0.0.1:9/test',
      connectTimeoutMs: 1_000,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failure).toMatchObject({ _tag: 'StorageUnavailable' });
    expect((failure as Error).message).toMatch(/PostgreSQL is unavailable/);
  });

  it.skipIf(!onServer)('a statement over statementTimeoutMs is StorageUnavailable, not a hang', async () => {
    const options = await database.isolatedSchema();
    const locker = await createPostgresPool(options);
    const storage = postgresStorageOnPool(await createPostgresPool({ ...options, statementTimeoutMs: 300 }));
    try {
      expect(E.isRight(await storage.schema.createTables()())).toBe(true);
      const visitor = await storage.repositories.visitors.upsert(
        { visitorId: 'v', ipAddress: null, userAgent: null, deviceType: null, browser: null },
        new Date(),
      )();
      if (E.isLeft(visitor)) throw new Error(visitor.left.message);
      // hold the visitor's row lock so that markConverted has to wait past the timeout
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const holding = locker.transaction(async (tx) => {
        await tx.query(sql.type(z.unknown())`SELECT id FROM visitors WHERE id = ${visitor.right.id} FOR UPDATE`);
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const result = await storage.repositories.visitors.markConverted(visitor.right.id, 1)();
      release();
      await holding;
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result).toEqual(E.left({ _tag: 'StorageUnavailable', message: expect.stringMatching(/timed out/) }));
    } finally {
      await storage.close();
      await locker.end();
    }
  });

  it('searchHybrid is one round trip (one statement); the two searches it replaces are two', async () => {
    const options = await database.isolatedSchema();
    const target = new URL(options.connectionString);
    const proxy = await startRoundTripProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(options.connectionString);
    proxied.port = String(proxy.port);
    const pool = await createPostgresPool({ ...options, connectionString: proxied.toString(), poolSize: 1 });
    try {
      const storage = postgresStorageOnPool(pool);
      expect(E.isRight(await storage.schema.createTables()())).toBe(true);
      const vectors = randomUnitVectors(3, 31);
      const seeded = await storage.repositories.knowledge.addMany(
        vectors.map((v, i) => ({ ...entry(`Доставка ${i}`, v, 'c'), isActive: i !== 2 })),
        new Date(),
      )();
      expect(E.isRight(seeded)).toBe(true);
      const knowledge = storage.repositories.knowledge;
      const query = { category: 'c', limit: 5 };
      const roundTrips = async <A>(call: () => Promise<A>) => {
        const before = proxy.count();
        const result = await call();
        return { result, roundTrips: proxy.count() - before };
      };
      // the first vector search also reads pgvector's version, once per storage
      await knowledge.searchByVector(vectors[0]!, query)();

      const together = await roundTrips(() => knowledge.searchHybrid(vectors[0]!, 'доставка', query)());
      expect(together.roundTrips).toBe(1);
      const separately = await roundTrips(async () => {
        const byVector = await knowledge.searchByVector(vectors[0]!, query)();
        const byText = await knowledge.searchByText('доставка', query)();
        return { byVector, byText };
      });
      expect(separately.roundTrips).toBe(2);
      if (E.isLeft(together.result)) throw new Error(together.result.left.message);
      expect(E.right(together.result.right.byVector)).toEqual(separately.result.byVector);
      expect(E.right(together.result.right.byText)).toEqual(separately.result.byText);
      expect(together.result.right.byVector).toHaveLength(2);
      expect(together.result.right.byText).toHaveLength(2);

      const noWords = await roundTrips(() => knowledge.searchHybrid(vectors[1]!, '?!', query)());
      expect(noWords.roundTrips).toBe(1);
    } finally {
      await pool.end();
      await proxy.close();
    }
  });

  it('answerContext.load ends with the question even when its stored timestamp has microseconds', async () => {
    const storage = await database.openStorage();
    const pool = await database.sharedPool();
    const IdRow = z.object({ id: z.number().int() });
    const sessionId = await pool.oneFirst(
      sql.type(IdRow)`INSERT INTO sessions (session_uuid, created_at, updated_at, is_active)
        VALUES (${crypto.randomUUID()}, now(), now(), true) RETURNING id`,
    );
    // written by something other than the library: microseconds that a JavaScript Date drops
    for (const [content, at] of [
      ['первое', '2026-01-01 10:00:00.000100+00'],
      ['вопрос', '2026-01-01 10:00:00.123456+00'],
      ['позже', '2026-01-01 10:00:00.123789+00'],
    ]) {
      await pool.query(sql.type(IdRow)`INSERT INTO messages (session_id, role, content, "timestamp")
        VALUES (${sessionId}, 'user', ${content!}, ${at!}::timestamptz) RETURNING id`);
    }
    const listed = await storage.repositories.messages.listBySession(sessionId)();
    if (E.isLeft(listed)) throw new Error('listBySession failed');
    const question = listed.right[1]!;
    expect(question.content).toBe('вопрос');
    const loaded = await storage.repositories.answerContext.load({ keys: [], sessionId, upTo: question, window: 10 })();
    if (E.isLeft(loaded)) throw new Error('load failed');
    expect(loaded.right.conversation.map((m) => m.content)).toEqual(['первое', 'вопрос']);
  });

  it('no sql.unsafe with interpolated values outside the migration runner', () => {
    const root = path.resolve(import.meta.dirname, '../../adapters/postgres');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts')) files.push(full);
      }
    };
    walk(root);
    const offenders = files
      .filter((f) => !f.includes(`${path.sep}migrations${path.sep}`))
      .filter((f) => /sql\.unsafe`[^`]*\$\{/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
