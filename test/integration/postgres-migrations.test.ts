import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import {
  createPostgresPool,
  loadMigrationFiles,
  MigrationChecksumMismatchError,
  runMigrations,
  type MigrationFile,
} from '../../adapters/postgres/index.js';
import { sha256 } from '../../adapters/postgres/migrations/migration-runner.js';
import { splitSqlStatements } from '../../adapters/postgres/migrations/split-sql-statements.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const AppliedRow = z.object({ name: z.string(), checksum: z.string() });
const ExistsRow = z.object({ exists: z.boolean() });
/** Recorded migrations; none when the table itself was rolled back with the first file. */
const applied = async (pool: DatabasePool) => {
  const { exists } = ExistsRow.parse(
    await pool.one(sql.type(ExistsRow)`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`),
  );
  if (!exists) return [];
  return (await pool.any(sql.type(AppliedRow)`SELECT name, checksum FROM schema_migrations ORDER BY name`)).map((r) =>
    AppliedRow.parse(r),
  );
};
const TableRow = z.object({ table_name: z.string() });
const tables = async (pool: DatabasePool) =>
  (
    await pool.any(sql.type(TableRow)`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() ORDER BY table_name`)
  ).map((r) => TableRow.parse(r).table_name);

/** Opens a pool on a fresh schema, runs `work`, always closes the pool. */
const withFreshPool = async <A>(work: (pool: DatabasePool) => Promise<A>): Promise<A> => {
  const pool = await createPostgresPool(await database.isolatedSchema());
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
};

const file = (name: string, text: string): MigrationFile => ({ name, sql: text, checksum: sha256(text) });

describe('PostgreSQL migration runner', () => {
  it('applies every file on a fresh schema and records its checksum', async () => {
    const files = await loadMigrationFiles();
    expect(files.map((f) => f.name)).toEqual([
      '0001_extensions.sql',
      '0002_core_tables.sql',
      '0003_unanswered_questions.sql',
      '0004_search_vector_word_split.sql',
      '0005_counters_beside_entries.sql',
      '0007_widget_language.sql',
      '0008_change_notifications.sql',
      '0009_conversations.sql',
      '0010_rate_limit_hits.sql',
    ]);
    await withFreshPool(async (pool) => {
      const report = await runMigrations(pool);
      expect(report).toEqual({ applied: files.map((f) => f.name), alreadyApplied: [] });
      expect(await applied(pool)).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
      expect(await tables(pool)).toEqual([
        'chat_widget',
        'contact_requests',
        'context',
        'helpful_votes',
        'knowledge_base',
        'knowledge_counters',
        'messages',
        'operator_presence',
        'operator_sessions',
        'operators',
        'rate_limit_hits',
        'schema_migrations',
        'sessions',
        'unanswered_questions',
        'users',
        'visitors',
      ]);
    });
  });

  it('is a no-op when run again', async () => {
    await withFreshPool(async (pool) => {
      await runMigrations(pool);
      const before = await applied(pool);
      const again = await runMigrations(pool);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toEqual(before.map((r) => r.name));
      expect(await applied(pool)).toEqual(before);
    });
  });

  it('refuses an applied file whose contents changed, naming the file, and applies nothing after it', async () => {
    await withFreshPool(async (pool) => {
      const v1 = [file('0001_a.sql', 'CREATE TABLE mig_a (id int);')];
      await runMigrations(pool, { files: v1 });
      const edited = [
        file('0001_a.sql', 'CREATE TABLE mig_a (id bigint);'),
        file('0002_b.sql', 'CREATE TABLE mig_b (id int);'),
      ];
      const failure = await runMigrations(pool, { files: edited }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MigrationChecksumMismatchError);
      expect((failure as MigrationChecksumMismatchError).file).toBe('0001_a.sql');
      expect((failure as Error).message).toContain('0001_a.sql');
      expect((await applied(pool)).map((r) => r.name)).toEqual(['0001_a.sql']);
      expect(await tables(pool)).not.toContain('mig_b');
    });
  });

  it('rolls back a failing file entirely and records nothing for it', async () => {
    await withFreshPool(async (pool) => {
      const files = [file('0001_bad.sql', 'CREATE TABLE mig_half (id int);\nSELECT no_such_function();')];
      await expect(runMigrations(pool, { files })).rejects.toThrow(/0001_bad\.sql/);
      expect(await tables(pool)).not.toContain('mig_half');
      expect(await applied(pool)).toEqual([]);
    });
  });

  it('two runners at once both succeed and apply each file once', async () => {
    const options = await database.isolatedSchema();
    // PGlite serves one connection at a time: there the two runners share a pool of one
    const first = await createPostgresPool(options);
    const second = database.kind === 'server' ? await createPostgresPool(options) : first;
    try {
      const [a, b] = await Promise.all([runMigrations(first), runMigrations(second)]);
      const names = (await loadMigrationFiles()).map((f) => f.name);
      for (const name of names) {
        expect([...a.applied, ...b.applied].filter((n) => n === name)).toHaveLength(1);
        expect([...a.alreadyApplied, ...b.alreadyApplied].filter((n) => n === name)).toHaveLength(1);
      }
      expect((await applied(first)).map((r) => r.name)).toEqual(names);
    } finally {
      await first.end();
      if (second !== first) await second.end();
    }
  });
});

describe('splitSqlStatements', () => {
  it('splits on semicolons outside strings, identifiers, dollar quotes and comments', () => {
    const source = `
      -- a comment; with a semicolon
      CREATE TABLE "odd;name" (v text DEFAULT 'a;b''c');
      /* block; /* nested; */ still comment */
      CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $fn$ SELECT 1; $fn$;
      SELECT $$;$$;
      -- trailing comment only
    `;
    expect(splitSqlStatements(source).map((s) => s.replace(/\s+/g, ' ').trim())).toEqual([
      `-- a comment; with a semicolon CREATE TABLE "odd;name" (v text DEFAULT 'a;b''c')`,
      `/* block; /* nested; */ still comment */ CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $fn$ SELECT 1; $fn$`,
      'SELECT $$;$$',
    ]);
  });
});
