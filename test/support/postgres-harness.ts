/**
 * Which PostgreSQL the tests use:
 *  - TEST_DATABASE_URL set: that server. Each harness makes its own schema
 *    (`wa_test_<pid>_<random>`, search_path = it, public) and drops it at the end, so
 *    parallel files and concurrent runs never share tables.
 *  - not set, outside CI: an embedded PGlite (PostgreSQL in WASM) with pgvector behind
 *    @electric-sql/pglite-socket on a loopback port. Its socket server takes one
 *    connection at a time, so pools are of size 1 and only one is open at a time.
 *  - not set, or unreachable, under CI=true: fail loudly; the suite never skips.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import {
  createPostgresPool,
  postgresStorageOnPool,
  type PostgresStorageOptions,
} from '../../adapters/postgres/index.js';
import type { Storage } from '../../src/ports/repositories.js';
import { LIBRARY_TABLES } from '../../adapters/schema/library-tables.js';

export interface PostgresTestDatabase {
  readonly kind: 'server' | 'pglite';
  /** Options for createPostgresStorage that reach this test database. */
  readonly options: PostgresStorageOptions;
  /**
   * A storage with the full schema and no rows (ids restart at 1). It runs on one pool
   * kept for the whole file, so its close() releases nothing: a new pool per test costs
   * ~60 ms (slonik reads the type catalogue on a fresh connection), and PGlite accepts
   * only one connection at a time.
   */
  openStorage(): Promise<Storage>;
  /** The pool behind openStorage(), for tests that inspect the database directly (do not end it). */
  sharedPool(): Promise<DatabasePool>;
  /**
   * Options reaching an empty schema of its own, for tests that create their own pools
   * (migration runner, timeouts). Server: a new schema, dropped by close(). PGlite (which
   * ignores startup options, so search_path cannot be chosen per connection): `public`
   * is emptied and the session's prepared statements deallocated instead; open only one
   * pool at a time there.
   */
  isolatedSchema(): Promise<PostgresStorageOptions>;
  /** Drops the run's schemas (server) or stops PGlite; ends the shared pool. */
  close(): Promise<void>;
}

/**
 * Empties every table and restarts its id sequence in one round trip. DELETE on a few
 * test rows is much cheaper than TRUNCATE, which replaces each table's files
 * (30-110 ms per call measured here).
 */
const EMPTY_TABLES = `DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['${LIBRARY_TABLES.join("','")}'] LOOP
    EXECUTE format('DELETE FROM %I', t);
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = t AND column_name = 'id') THEN
      PERFORM setval(pg_get_serial_sequence(t, 'id'), 1, false);
    END IF;
  END LOOP;
END $$`;

const rawSql = (text: string) => {
  const template = Object.freeze(Object.assign([text], { raw: Object.freeze([text]) }));
  return sql.type(z.unknown())(template);
};

/** Opens the file's pool on first use; every storage handed out shares it. */
const sharedPoolStorage = (options: PostgresStorageOptions) => {
  let pool: Promise<DatabasePool> | undefined;
  const sharedPool = () => (pool ??= createPostgresPool(options));
  return {
    sharedPool,
    openStorage: async (): Promise<Storage> => {
      const opened = await sharedPool();
      const storage = postgresStorageOnPool(opened, options);
      const created = await storage.schema.createTables()();
      if (created._tag === 'Left') throw new Error(`createTables failed: ${created.left.message}`);
      await opened.query(rawSql(EMPTY_TABLES));
      return { ...storage, close: async () => {} };
    },
    endPool: async () => {
      if (pool) await (await pool).end();
      pool = undefined;
    },
  };
};

const isCi = () => process.env.CI === 'true' || process.env.CI === '1';

const assertReachable = async (connectionString: string): Promise<void> => {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL (${redact(connectionString)}) is not reachable: ${(error as Error).message}. ` +
        'Start PostgreSQL (scripts/setup-postgres.sh) or unset TEST_DATABASE_URL to use PGlite outside CI.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
};

const redact = (connectionString: string) => connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const withClient = async <A>(connectionString: string, work: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const newSchemaName = () => `wa_test_${process.pid}_${randomBytes(4).toString('hex')}`;

const startServerDatabase = async (connectionString: string): Promise<PostgresTestDatabase> => {
  await assertReachable(connectionString);
  const schemas = [newSchemaName()];
  // names are built from digits and hex only; identifiers cannot be bound as parameters
  await withClient(connectionString, (client) => client.query(`CREATE SCHEMA ${schemas[0]}`));
  const options: PostgresStorageOptions = {
    connectionString,
    schema: schemas[0],
    poolSize: 4,
    connectTimeoutMs: 5_000,
  };
  const shared = sharedPoolStorage(options);
  return {
    kind: 'server',
    options,
    openStorage: shared.openStorage,
    sharedPool: shared.sharedPool,
    isolatedSchema: async () => {
      const schema = newSchemaName();
      schemas.push(schema);
      await withClient(connectionString, (client) => client.query(`CREATE SCHEMA ${schema}`));
      return { ...options, schema };
    },
    close: async () => {
      await shared.endPool();
      await withClient(connectionString, (client) =>
        client.query(`DROP SCHEMA IF EXISTS ${schemas.join(', ')} CASCADE`),
      );
    },
  };
};

const startPgliteDatabase = async (): Promise<PostgresTestDatabase> => {
  const [{ PGlite }, { vector }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
    import('@electric-sql/pglite-socket'),
  ]);
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const connectionString = `postgres://postgres@${server.getServerConn()}/postgres`;
  // One PGlite backend serves every connection in turn, so statements prepared through
  // one pool are still there when the next pool connects: the driver sees that and sends
  // that connection's statements unnamed (adapters/postgres/prepared-statements.ts), as
  // it would for any user on PGlite. Named statements stay on, as a user gets them.
  const options: PostgresStorageOptions = {
    connectionString,
    poolSize: 1,
    connectTimeoutMs: 5_000,
    // LISTEN needs a second connection, which PGlite's socket server does not take
    notifications: 'poll',
  };
  const shared = sharedPoolStorage(options);
  return {
    kind: 'pglite',
    options,
    openStorage: shared.openStorage,
    sharedPool: shared.sharedPool,
    isolatedSchema: async () => {
      await shared.endPool();
      // an empty schema on a session as fresh as a new server connection's: no statements left
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; DEALLOCATE ALL;');
      return options;
    },
    close: async () => {
      await shared.endPool();
      await server.stop();
      await db.close();
    },
  };
};

/** Picks the test database as described at the top of this file. */
export const startPostgresTestDatabase = async (): Promise<PostgresTestDatabase> => {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return startServerDatabase(url);
  if (isCi()) {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run against a real server in CI ' +
        '(run scripts/setup-postgres.sh and export TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test).',
    );
  }
  return startPgliteDatabase();
};
