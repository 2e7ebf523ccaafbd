/**
 * The counters migration (postgres 0005, sqlite 003) keeps what a database already holds:
 * the counts move from knowledge_base into knowledge_counters, messages keep their ids
 * (and SQLite its AUTOINCREMENT counter), and the new reply source is accepted.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import initSqlJs from 'sql.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresPool,
  loadMigrationFiles,
  postgresStorageOnPool,
  runMigrations,
} from '../../adapters/postgres/index.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { findMigrationsFolder } from '../../adapters/sqljs/migrations-folder.js';
import type { Storage } from '../../src/ports/repositories.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

const right = async <Err, A>(task: TaskEither<Err, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const now = new Date(Date.UTC(2025, 0, 1, 10));
const reply = (sessionId: number, source: 'faq' | 'search_failed', knowledgeId: number | null) => ({
  sessionId,
  role: 'assistant' as const,
  content: 'ответ',
  tokensUsed: null,
  source,
  knowledgeId,
  clientMessageId: null,
});

/** What both adapters must show after the migration, on data stored before it. */
const expectMigrated = async (storage: Storage, before: { sessionId: number; lastMessageId: number }) => {
  const repos = storage.repositories;
  expect(await right(repos.knowledge.findById(1))).toMatchObject({ viewsCount: 5, helpfulCount: 3 });
  expect(await right(repos.knowledge.findById(2))).toMatchObject({ viewsCount: 0, helpfulCount: 0 });
  // counting goes on from the copied values
  await right(repos.knowledge.incrementViews(1));
  expect(await right(repos.knowledge.findById(1))).toMatchObject({ viewsCount: 6, helpfulCount: 3 });
  const messages = await right(repos.messages.listBySession(before.sessionId));
  expect(messages.map((m) => m.content)).toEqual(['вопрос', 'ответ']);
  const added = await right(repos.messages.add(reply(before.sessionId, 'search_failed', null), now));
  expect(added.message.source).toBe('search_failed');
  // no id is handed out twice, also not the id of the message deleted before the migration
  expect(added.message.id).toBeGreaterThan(before.lastMessageId);
  const unanswered = await right(repos.unanswered.list({ limit: 10, offset: 0 }));
  expect(unanswered.map((u) => [u.normalizedText, u.count])).toEqual([
    ['два', 2],
    ['один', 1],
  ]);
};

describe('counters migration on sql.js', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'counters-migration-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('moves the counts, keeps message ids and the AUTOINCREMENT counter', async () => {
    const oldMigrations = join(folder, 'old-migrations');
    mkdirSync(oldMigrations);
    for (const name of ['001_initial_schema.sql', '002_unanswered_questions.sql']) {
      copyFileSync(join(findMigrationsFolder(), name), join(oldMigrations, name));
    }
    const file = join(folder, 'assistant.sqlite');
    const old = await createSqlJsStorage({ file, migrationsFolder: oldMigrations });
    await right(old.schema.createTables());
    await old.close();

    // a database as the previous release left it, written with its own schema
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    db.exec(`
      INSERT INTO knowledge_base (question, answer, views_count, helpful_count, created_at, updated_at)
        VALUES ('Как оформить заказ?', 'Корзина', 5, 3, 0, 0), ('Как вернуть товар?', 'Возврат', 0, 0, 0, 0);
      INSERT INTO visitors (visitor_id, first_visit, last_visit) VALUES ('00000000-0000-4000-8000-000000000001', 0, 0);
      INSERT INTO sessions (visitor_id, session_uuid, created_at, updated_at) VALUES (1, 's-1', 0, 0);
      INSERT INTO messages (session_id, role, content, timestamp, source, knowledge_id) VALUES
        (1, 'user', 'вопрос', 0, NULL, NULL), (1, 'assistant', 'ответ', 1, 'faq', 1), (1, 'user', 'стёртое', 2, NULL, NULL);
      DELETE FROM messages WHERE id = 3;
      INSERT INTO unanswered_questions (normalized_text, example_text, count, first_seen, last_seen)
        VALUES ('один', 'Один?', 1, 0, 0), ('два', 'Два?', 2, 0, 0);`);
    writeFileSync(file, db.export());
    db.close();

    const storage = await createSqlJsStorage({ file });
    try {
      await right(storage.schema.createTables());
      await expectMigrated(storage, { sessionId: 1, lastMessageId: 3 });
    } finally {
      await storage.close();
    }
  });
});

describe('counters migration on PostgreSQL', () => {
  let database: PostgresTestDatabase;
  beforeAll(async () => {
    database = await startPostgresTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('moves the counts, keeps message ids, accepts the new source', async () => {
    const pool = await createPostgresPool(await database.isolatedSchema());
    try {
      const files = await loadMigrationFiles();
      const before = files.filter((f) => f.name < '0005');
      expect(before.map((f) => f.name)).toHaveLength(4);
      await runMigrations(pool, { files: before });
      await pool.query(sql.unsafe`
        INSERT INTO knowledge_base (question, answer, views_count, helpful_count, created_at, updated_at)
        VALUES ('Как оформить заказ?', 'Корзина', 5, 3, now(), now()), ('Как вернуть товар?', 'Возврат', 0, 0, now(), now())`);
      await pool.query(sql.unsafe`
        INSERT INTO visitors (visitor_id, first_visit, last_visit) VALUES ('00000000-0000-4000-8000-000000000001', now(), now())`);
      await pool.query(sql.unsafe`
        INSERT INTO sessions (visitor_id, session_uuid, created_at, updated_at) VALUES (1, 's-1', now(), now())`);
      await pool.query(sql.unsafe`
        INSERT INTO messages (session_id, role, content, "timestamp", source, knowledge_id) VALUES
          (1, 'user', 'вопрос', now(), NULL, NULL), (1, 'assistant', 'ответ', now() + interval '1 ms', 'faq', 1),
          (1, 'user', 'стёртое', now() + interval '2 ms', NULL, NULL)`);
      await pool.query(sql.unsafe`DELETE FROM messages WHERE id = 3`);
      await pool.query(sql.unsafe`
        INSERT INTO unanswered_questions (normalized_text, example_text, count, first_seen, last_seen)
        VALUES ('один', 'Один?', 1, now(), now()), ('два', 'Два?', 2, now(), now())`);

      expect(
        (await runMigrations(pool, { files: files.filter((f) => f.name <= '0005_counters_beside_entries.sql') }))
          .applied,
      ).toEqual(['0005_counters_beside_entries.sql']);
      const Columns = z.object({ column_name: z.string() });
      const kbColumns = (
        await pool.any(sql.type(Columns)`
          SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'knowledge_base'`)
      ).map((r) => Columns.parse(r).column_name);
      expect(kbColumns).not.toContain('views_count');
      expect(kbColumns).not.toContain('helpful_count');
      // the later migrations too, which the storage's statements need
      await runMigrations(pool);
      await expectMigrated(postgresStorageOnPool(pool), { sessionId: 1, lastMessageId: 3 });
    } finally {
      await pool.end();
    }
  });
});
