import * as E from 'fp-ts/lib/Either.js';
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import type { SchemaManager } from '../../src/ports/repositories.js';
import { migrationStatus, runMigrations } from './migrations/migration-runner.js';
import { storageUnavailable } from '../../src/domain/errors.js';
import { describeStorageFailure } from './storage-errors.js';
import { command } from './sql-helpers.js';
import { LIBRARY_TABLES, MIGRATIONS_TABLE, POSTGRES_HOST_TABLES } from '../schema/library-tables.js';

/** Every table of the library and the migrations record; the vector extension is shared and stays. */
const DROPPED_TABLES = [...LIBRARY_TABLES, ...POSTGRES_HOST_TABLES, MIGRATIONS_TABLE];

/** `queries`: the pool's methods with a bounded connection wait (bounded-pool.ts), for the status probe. */
export const createSchemaManager = (pool: DatabasePool, queries: CommonQueryMethods = pool): SchemaManager => ({
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
  status: () => async () => {
    try {
      return E.right(await migrationStatus(queries));
    } catch (error) {
      return E.left(storageUnavailable(describeStorageFailure(error)));
    }
  },
  connections: () => {
    const state = pool.state();
    return {
      inUse: state.acquiredConnections,
      idle: state.idleConnections,
      waiting: state.waitingClients,
      max: pool.configuration.maximumPoolSize ?? 10,
    };
  },
});
