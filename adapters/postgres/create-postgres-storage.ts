import { createPool, type DatabasePool } from 'slonik';
import type { Storage } from '../../src/ports/repositories.js';
import { bindRepositories } from './bind-repositories.js';
import { boundedQueries, connectionWaitMs } from './bounded-pool.js';
import { withSearchPath } from './connection-uri.js';
import { createPreparedStatementDriverFactory } from './prepared-statements.js';
import { createSchemaManager } from './schema-manager.js';
import { PostgresUnavailableError } from './storage-errors.js';
import { createUnitOfWork } from './unit-of-work.js';
import { createListenEvents } from './listen-events.js';
import { createPollingEvents } from './polling-events.js';
import { createVectorSearchSettings, type VectorIndexOptions } from './vector-search-settings.js';

export interface PostgresStorageOptions extends VectorIndexOptions {
  /** `postgres://user:password@host:5432/database` (DATABASE_URL). */
  readonly connectionString: string;
  /** Maximum connections in the pool (default 10). Use 1 for PGlite's socket server. */
  readonly poolSize?: number;
  /** How long to wait for a connection, new or from the pool (default 5,000 ms). */
  readonly connectTimeoutMs?: number;
  /** Server-side limit for one statement (default 30,000 ms). */
  readonly statementTimeoutMs?: number;
  /** Idle connections are closed after this long (default 10,000 ms). */
  readonly idleTimeoutMs?: number;
  /** Schema of the library's tables (default: the server's search_path, normally public). */
  readonly schema?: string;
  /**
   * `hnsw.ef_search` for vector search (1 to 1000; default 40, i.e. `max(40, 2 × limit)`).
   * Higher: better recall on large tables, slower searches (docs/performance.md).
   */
  readonly hnswEfSearch?: number;
  /**
   * `addMany` of at least this many entries into a table holding no more rows than the
   * batch drops the HNSW index, loads and rebuilds it in one transaction (default 1,000;
   * `Infinity` turns it off). Searches wait for that transaction (docs/adapters/postgres.md).
   */
  readonly bulkIndexRebuildThreshold?: number;
  /**
   * Named prepared statements: each statement is parsed and planned once per connection
   * (default true). Set false behind a pooler that does not keep prepared statements
   * (PgBouncer in transaction mode before 1.21, or without `max_prepared_statements`).
   */
  readonly preparedStatements?: boolean;
  /**
   * How the storage hears of messages stored by any host: `listen` (default) keeps one
   * extra connection open for LISTEN/NOTIFY; `poll` reads new message ids every 250 ms
   * on the pool instead, for poolers in transaction mode (PgBouncer) and for PGlite,
   * whose socket server takes one connection at a time.
   */
  readonly notifications?: 'listen' | 'poll';
}

/**
 * The slonik pool the storage runs on. Rejects with a `PostgresUnavailableError`
 * (`_tag: 'StorageUnavailable'`) when the server cannot be reached: slonik reads the
 * server's type catalogue while creating the pool.
 */
export const createPostgresPool = async (options: PostgresStorageOptions): Promise<DatabasePool> => {
  const connectionUri = withSearchPath(options.connectionString, options.schema);
  return createPool(connectionUri, {
    maximumPoolSize: options.poolSize ?? 10,
    connectionTimeout: options.connectTimeoutMs ?? 5_000,
    statementTimeout: options.statementTimeoutMs ?? 30_000,
    idleTimeout: options.idleTimeoutMs ?? 10_000,
    // pg's own parsers: timestamptz -> Date, jsonb -> value. (slonik's preset turns
    // timestamps into numbers and int8 into BigInt; every count here is cast to int.)
    typeParsers: [],
    // slonik's default runs DISCARD ALL after every pool.query: one more round trip each
    // time (measured in docs/adr/0004). The adapter keeps no session state: settings are
    // SET LOCAL inside transactions and the search_path is a startup parameter.
    resetConnection: async () => {},
    // parse and plan once per connection (docs/adr/0009-named-prepared-statements.md)
    ...(options.preparedStatements === false ? {} : { driverFactory: createPreparedStatementDriverFactory() }),
  })
    .then((pool) => {
      // slonik also emits every failed query's error on the pool; each is already
      // returned to its caller, but an 'error' event nobody listens to is thrown by Node
      // and, from a query that lost slonik's race with its connection's error, crashes
      // the host (seen when the server's connections were reset under an open pool).
      pool.on('error', () => undefined);
      return pool;
    })
    .catch((error: unknown) => {
      throw new PostgresUnavailableError(error);
    });
};

/**
 * The storage on an existing pool; `close()` ends the pool. `options` are the HNSW
 * settings of PostgresStorageOptions (the connection options belong to the pool).
 * Throws a RangeError for an out-of-range `hnswEfSearch` or `bulkIndexRebuildThreshold`.
 */
export const postgresStorageOnPool = (
  pool: DatabasePool,
  options: VectorIndexOptions & Pick<PostgresStorageOptions, 'notifications'> = {},
): Storage => {
  const vectorSearch = createVectorSearchSettings(options);
  const queries = boundedQueries(pool, connectionWaitMs(pool));
  // the LISTEN connection opens on the first subscription, so a storage nobody follows costs none
  const events =
    options.notifications === 'poll'
      ? createPollingEvents(queries)
      : createListenEvents({ connectionUri: pool.configuration.connectionUri });
  return {
    kind: 'postgres',
    repositories: bindRepositories({ connection: queries, inTransaction: false }, vectorSearch),
    unitOfWork: createUnitOfWork(queries, vectorSearch),
    schema: createSchemaManager(pool, queries),
    events,
    close: async () => {
      await events.close();
      // ending connections the server already dropped rejects; they are gone either way
      await pool.end().catch(() => undefined);
    },
  };
};

/** Opens a pool (see createPostgresPool) and returns the PostgreSQL storage on it. */
export const createPostgresStorage = async (options: PostgresStorageOptions): Promise<Storage> => {
  // checked before a pool is opened, so a bad value leaves nothing to close
  createVectorSearchSettings(options);
  return postgresStorageOnPool(await createPostgresPool(options), options);
};
