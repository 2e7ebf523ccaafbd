import * as E from 'fp-ts/lib/Either.js';
import { sql, type DatabasePool } from 'slonik';
import type { SchemaManager } from '../../src/ports/repositories.js';
import { runMigrations } from './migrations/migration-runner.js';
import { storageUnavailable } from '../../src/domain/errors.js';
import { describeStorageFailure } from './storage-errors.js';
import { command } from './sql-helpers.js';
import { LIBRARY_TABLES, MIGRATIONS_TABLE } from '../schema/library-tables.js';

/** Every table of the library and the migrations record; the vector extension is shared and stays. */
const DROPPED_TABLES = [...LIBRARY_TABLES, MIGRATIONS_TABLE];

export const createSchemaManager = (pool: DatabasePool): SchemaManager => ({
  createTables: () => async () => {
    try {
      await runMigrations(pool);
      return E.right(undefined);
    } catch (error) {
      // a changed or failing migration names its file in the message
      return E.left(
        storageUnavailable(error instanceof Error && 'file' in error ? error.message : describeStorageFailure(error)),
      );
    }
  },
  dropTables: () => async () => {
    try {
      const tables = sql.join(
        DROPPED_TABLES.map((table) => sql.identifier([table])),
        sql.fragment`, `,
      );
      await pool.query(command`DROP TABLE IF EXISTS ${tables} CASCADE`);
      return E.right(undefined);
    } catch (error) {
      return E.left(storageUnavailable(describeStorageFailure(error)));
    }
  },
});
