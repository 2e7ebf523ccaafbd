import { createHash } from 'node:crypto';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool, postgresStorageOnPool } from '../../adapters/postgres/index.js';
import { MAX_NAMED_STATEMENTS_PER_CONNECTION } from '../../adapters/postgres/prepared-statements.js';
import type { Storage } from '../../src/ports/repositories.js';
import { entry, userMessage } from '../contract/storage-contract.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const PreparedRow = z.object({ name: z.string(), statement: z.string(), generic_plans: z.number().int() });

/** The connection's named statements (the pool has one connection, so it is the one the calls used). */
const preparedOn = async (pool: DatabasePool) =>
  pool.any(
    sql.type(
      PreparedRow,
    )`SELECT name, statement, generic_plans::int FROM pg_prepared_statements WHERE name LIKE 'wa\\_%'`,
  );

/** A trusted statement of the test itself, sent as text. */
const rawStatement = (text: string) => sql.unsafe(Object.freeze(Object.assign([text], { raw: Object.freeze([text]) })));

const right = async <A>(task: () => Promise<{ _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A }>) => {
  const result = await task();
  if (result._tag === 'Left') throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** Opens a one-connection pool on an empty schema of its own, with the library's tables. */
const openStorage = async (preparedStatements?: boolean): Promise<{ pool: DatabasePool; storage: Storage }> => {
  const options = await database.isolatedSchema();
  const pool = await createPostgresPool({
    ...options,
    poolSize: 1,
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
  });
  const storage = postgresStorageOnPool(pool);
  await right(storage.schema.createTables());
  return { pool, storage };
};

const startSession = async (storage: Storage) => {
  const visitor = await right(
    storage.repositories.visitors.upsert(
      { visitorId: crypto.randomUUID(), ipAddress: null, userAgent: null, deviceType: null, browser: null },
      new Date(),
    ),
  );
  return right(
    storage.repositories.sessions.create(
      { visitorId: visitor.id, userId: null, sessionUuid: crypto.randomUUID(), title: null, pageUrl: null },
      new Date(),
    ),
  );
};

const addMessage = (storage: Storage, sessionId: number, content: string) =>
  right(storage.repositories.messages.add(userMessage(sessionId, content), new Date()));

describe('named prepared statements (adapters/postgres/prepared-statements.ts)', () => {
  it('parses a parameterised statement once per connection and then reuses a generic plan', async () => {
    const { pool, storage } = await openStorage();
    try {
      const session = await startSession(storage);
      for (let i = 0; i < 12; i++) await addMessage(storage, session.id, `message ${i}`);
      const insert = (await preparedOn(pool)).filter((row) => row.statement.includes('INSERT INTO messages'));
      expect(insert).toHaveLength(1);
      // PostgreSQL tries five custom plans, then keeps the generic one when it is not dearer:
      // the statement is written so that it is (no parameter that a custom plan could fold away)
      expect(insert[0]!.generic_plans).toBeGreaterThanOrEqual(5);
      const messages = await right(storage.repositories.messages.listBySession(session.id));
      expect(messages.map((m) => m.content)).toEqual(Array.from({ length: 12 }, (_, i) => `message ${i}`));
    } finally {
      await storage.close();
    }
  });

  it('sends statements unnamed with preparedStatements: false', async () => {
    const { pool, storage } = await openStorage(false);
    try {
      const session = await startSession(storage);
      await addMessage(storage, session.id, 'hello');
      expect(await preparedOn(pool)).toEqual([]);
      expect(await right(storage.repositories.messages.listBySession(session.id))).toHaveLength(1);
    } finally {
      await storage.close();
    }
  });

  it(`names at most ${MAX_NAMED_STATEMENTS_PER_CONNECTION} statements on a connection; later ones still run, unnamed`, async () => {
    const { pool, storage } = await openStorage();
    try {
      const results: number[] = [];
      // distinct texts (the offset is part of the text), each with a parameter
      for (let k = 0; k < MAX_NAMED_STATEMENTS_PER_CONNECTION + 20; k++) {
        results.push(
          await pool.oneFirst(
            sql.type(z.object({ n: z.number() }))`SELECT ${k}::int + ${sql.literalValue(String(k))}::int AS n`,
          ),
        );
      }
      expect(results).toEqual(Array.from({ length: MAX_NAMED_STATEMENTS_PER_CONNECTION + 20 }, (_, k) => 2 * k));
      expect((await preparedOn(pool)).length).toBe(MAX_NAMED_STATEMENTS_PER_CONNECTION);
    } finally {
      await storage.close();
    }
  });

  it('recovers when the server loses the statements (DEALLOCATE ALL): the call and later ones go as text', async () => {
    const { pool, storage } = await openStorage();
    try {
      const session = await startSession(storage);
      await addMessage(storage, session.id, 'before');
      expect((await preparedOn(pool)).length).toBeGreaterThan(0);
      // as a pooler's DISCARD ALL or another library on the connection would
      await pool.query(sql.unsafe`DEALLOCATE ALL`);
      expect(await preparedOn(pool)).toEqual([]);
      const after = await addMessage(storage, session.id, 'after');
      expect(after.message.content).toBe('after');
      await addMessage(storage, session.id, 'later');
      expect((await right(storage.repositories.messages.listBySession(session.id))).map((m) => m.content)).toEqual([
        'before',
        'after',
        'later',
      ]);
      // the connection no longer names statements
      expect(await preparedOn(pool)).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('recovers when the name is already taken on the server session (42P05, a pooler sharing sessions)', async () => {
    const { pool, storage } = await openStorage();
    try {
      const text = 'SELECT $1::int AS n';
      const name = `wa_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      // as another client of the same server session would have left it
      await pool.query(sql.unsafe`PREPARE ${sql.identifier([name])} AS SELECT 0`);
      const Row = z.object({ n: z.number() });
      expect(await pool.oneFirst(sql.type(Row)`SELECT ${41}::int AS n`)).toBe(41);
      expect(await pool.oneFirst(sql.type(Row)`SELECT ${42}::int AS n`)).toBe(42);
    } finally {
      await storage.close();
    }
  });

  it('a connection to a session that already holds statements names none, so no transaction collides (PGlite, a used pooled session)', async () => {
    // PGlite runs every connection on one backend: what the first pool prepared is still on
    // the session when the next pool connects. On a server the test prepares it by hand.
    const options = await database.isolatedSchema();
    const first = await createPostgresPool({ ...options, poolSize: 1 });
    const firstStorage = postgresStorageOnPool(first);
    await right(firstStorage.schema.createTables());
    const session = await startSession(firstStorage);
    await addMessage(firstStorage, session.id, 'first connection');
    await first.end();

    const second = await createPostgresPool({ ...options, poolSize: 1 });
    try {
      // the migrations' first statement in each of their transactions
      const lock = 'SELECT pg_advisory_xact_lock($1::bigint)';
      const name = `wa_${createHash('sha1').update(lock).digest('hex').slice(0, 20)}`;
      if (!(await preparedOn(second)).some((row) => row.name === name))
        await second.query(rawStatement(`PREPARE ${name} AS ${lock}`));
      const secondStorage = postgresStorageOnPool(second);
      // a collision inside a migration's transaction aborted it ("current transaction is aborted")
      await right(secondStorage.schema.createTables());
      const added = await right(
        secondStorage.unitOfWork.transaction((r) =>
          r.messages.add(userMessage(session.id, 'in a transaction'), new Date()),
        ),
      );
      expect(added.created).toBe(true);
      const contents = (await right(secondStorage.repositories.messages.listBySession(session.id))).map(
        (m) => m.content,
      );
      expect(contents).toEqual(['first connection', 'in a transaction']);
    } finally {
      await second.end();
    }
  });

  it('page sizes chosen by callers take a few statement names, not one each', async () => {
    const { pool, storage } = await openStorage();
    try {
      await right(storage.repositories.knowledge.addMany([entry({ question: 'Доставка по Москве' })], new Date()));
      for (let limit = 1; limit <= 100; limit++) {
        const hits = await right(storage.repositories.knowledge.searchByText('доставка', { category: null, limit }));
        expect(hits).toHaveLength(1);
      }
      const searches = (await preparedOn(pool)).filter((row) => row.statement.includes('ts_rank'));
      expect(searches.length).toBeLessThanOrEqual(8);
    } finally {
      await storage.close();
    }
  });

  it('keeps working when the tables are dropped and created again under prepared statements', async () => {
    const { storage } = await openStorage();
    try {
      const first = await startSession(storage);
      await addMessage(storage, first.id, 'before');
      await right(storage.schema.dropTables());
      await right(storage.schema.createTables());
      const again = await startSession(storage);
      const added = await addMessage(storage, again.id, 'after');
      expect(added.message.content).toBe('after');
      expect((await right(storage.repositories.messages.listBySession(again.id))).map((m) => m.content)).toEqual([
        'after',
      ]);
    } finally {
      await storage.close();
    }
  });
});
