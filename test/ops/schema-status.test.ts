/**
 * `schemaStatus` and `storageConnections` (what GET /ready and the pool gauges read) on
 * both storage adapters: every shipped migration pending on an empty store, none once
 * migrated, a changed one named; the pool's size on PostgreSQL, null on sql.js.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMigrationsFolder } from '../../adapters/sqljs/migrations-folder.js';
import { createPostgresPool, createPostgresStorage, postgresStorageOnPool } from '../../adapters/postgres/index.js';
import { loadMigrationFiles, migrationStatus } from '../../adapters/postgres/migrations/migration-runner.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { createAssistant } from '../../src/index.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

describe('schemaStatus on sql.js', () => {
  it('lists every migration as pending before createTables and none after; no pool', async () => {
    const assistant = await createAssistant({ migrate: false });
    try {
      const before = await assistant.schemaStatus();
      expect(before.pending[0]).toBe('001_initial_schema.sql');
      expect(before.changed).toEqual([]);
      await assistant.createTables();
      expect(await assistant.schemaStatus()).toEqual({ pending: [], changed: [] });
      expect(await assistant.storageConnections()).toBeNull();
    } finally {
      await assistant.close();
    }
  });

  it('names an applied migration whose file changed since, and a new file as pending', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wa-migrations-'));
    cpSync(findMigrationsFolder(), folder, { recursive: true });
    const storage = await createSqlJsStorage({ migrationsFolder: folder });
    const assistant = await createAssistant({}, { storage });
    try {
      appendFileSync(join(folder, '001_initial_schema.sql'), '\n-- edited after it was applied\n');
      writeFileSync(join(folder, '999_next.sql'), 'CREATE TABLE next_one (id INTEGER);\n');
      expect(await assistant.schemaStatus()).toEqual({
        pending: ['999_next.sql'],
        changed: ['001_initial_schema.sql'],
      });
    } finally {
      await assistant.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('schemaStatus on PostgreSQL', () => {
  let database: PostgresTestDatabase;
  beforeAll(async () => {
    database = await startPostgresTestDatabase();
  });
  afterAll(() => database.close());

  it('every shipped file pending on an empty schema, none after migrating, a changed one named; the pool state', async () => {
    const options = await database.isolatedSchema();
    const pool = await createPostgresPool({ ...options, poolSize: 1 });
    try {
      const files = (await loadMigrationFiles()).map((f) => f.name);
      expect(await migrationStatus(pool)).toEqual({ pending: files, changed: [] });
      const storage = postgresStorageOnPool(pool, options);
      const assistant = await createAssistant({}, { storage: { ...storage, close: async () => undefined } });
      expect(await assistant.schemaStatus()).toEqual({ pending: [], changed: [] });
      expect(files).toContain('0010_rate_limit_hits.sql');
      await pool.query(
        (await import('slonik')).sql
          .unsafe`UPDATE schema_migrations SET checksum = 'x' WHERE name = '0010_rate_limit_hits.sql'`,
      );
      expect(await assistant.schemaStatus()).toEqual({ pending: [], changed: ['0010_rate_limit_hits.sql'] });
      expect(await assistant.storageConnections()).toEqual({ inUse: 0, idle: expect.any(Number), waiting: 0, max: 1 });
      await assistant.close();
    } finally {
      await pool.end();
    }
  });

  it('after dropTables every migration is pending again', async () => {
    const options = await database.isolatedSchema();
    const storage = await createPostgresStorage({ ...options, poolSize: 1, connectTimeoutMs: 1_000 });
    const assistant = await createAssistant({}, { storage });
    try {
      await assistant.dropTables();
      expect((await assistant.schemaStatus()).pending).toEqual((await loadMigrationFiles()).map((f) => f.name));
    } finally {
      await assistant.close();
    }
  });
});
