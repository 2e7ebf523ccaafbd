import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { storageUnavailable } from '../../src/domain/errors.js';
import type { SchemaManager } from '../../src/ports/repositories.js';
import { lockedExecutor, type StoreCore } from './executor.js';
import { readMigrations } from './migrations-folder.js';
import { nullableText } from './row-mappers.js';
import { LIBRARY_TABLES, MIGRATIONS_TABLE } from '../schema/library-tables.js';

/** Children before parents, so foreign keys never block a drop; the migrations record last. */
const DROPPED_TABLES = [...LIBRARY_TABLES, MIGRATIONS_TABLE];

const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');

export const createSchemaManager = (core: StoreCore, migrationsFolder: () => string): SchemaManager => {
  const executor = lockedExecutor(core);
  return {
    createTables: () =>
      executor.write((db) => {
        db.exec(
          `CREATE TABLE IF NOT EXISTS schema_migrations (
             version TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
        );
        const applied = new Map(
          db
            .all('SELECT version, checksum FROM schema_migrations')
            .map((row) => [nullableText(row, 'version'), nullableText(row, 'checksum')]),
        );
        for (const migration of readMigrations(migrationsFolder())) {
          const sum = checksum(migration.sql);
          const appliedSum = applied.get(migration.version);
          if (appliedSum !== undefined) {
            // an edited migration would leave this database different from a fresh one
            if (appliedSum !== sum)
              return E.left(storageUnavailable(`migration ${migration.version} changed after it was applied`));
            continue;
          }
          db.exec(migration.sql);
          db.run('INSERT INTO schema_migrations (version, checksum, applied_at) VALUES (?, ?, ?)', [
            migration.version,
            sum,
            Date.now(),
          ]);
        }
        core.indexes.rebuild(db);
        return E.right(undefined);
      }),

    status: () =>
      executor.read((db) => {
        const recorded = db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
          .length
          ? new Map(
              db
                .all('SELECT version, checksum FROM schema_migrations')
                .map((row) => [nullableText(row, 'version'), nullableText(row, 'checksum')]),
            )
          : new Map<string | null, string | null>();
        const shipped = readMigrations(migrationsFolder());
        return E.right({
          pending: shipped.filter((m) => !recorded.has(m.version)).map((m) => m.version),
          changed: shipped
            .filter((m) => recorded.has(m.version) && recorded.get(m.version) !== checksum(m.sql))
            .map((m) => m.version),
        });
      }),

    // one process, no pool
    connections: () => null,

    dropTables: () =>
      executor.write((db) => {
        for (const table of DROPPED_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
        core.indexes.rebuild(db);
        return E.right(undefined);
      }),
  };
};
