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
import { sql } from 'slonik';
import { z } from 'zod';
import {
  createPostgresPool,
  postgresStorageOnPool,
  type PostgresStorageOptions,
} from '../../adapters/postgres/index.js';
import type { Storage } from '../../src/ports/repositories.js';

export interface PostgresTestDatabase {
  readonly kind: 'server' | 'pglite';
  /** Options for createPostgresStorage that reach this test database. */
  readonly options: PostgresStorageOptions;
  /** A storage with the full schema and no rows (ids restart at 1). */
  openStorage(overrides?: Partial<PostgresStorageOptions>): Promise<Storage>;
  /** Drops the run's schema (server) or stops PGlite. */
  close(): Promise<void>;
}

const LIBRARY_TABLES = ['messages', 'sessions', 'visitors', 'users', 'knowledge_base', 'chat_widget', 'context'];

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

const startServerDatabase = async (connectionString: string): Promise<PostgresTestDatabase> => {
  await assertReachable(connectionString);
  const schema = `wa_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // schema is built from digits and hex only; identifiers cannot be bound as parameters
  await withClient(connectionString, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const options: PostgresStorageOptions = { connectionString, schema, poolSize: 4, connectTimeoutMs: 5_000 };
  return {
    kind: 'server',
    options,
    openStorage: (overrides) => openEmptyStorage({ ...options, ...overrides }),
    close: async () => {
      await withClient(connectionString, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
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
  const options: PostgresStorageOptions = { connectionString, poolSize: 1, connectTimeoutMs: 5_000 };
  return {
    kind: 'pglite',
    options,
    openStorage: (overrides) => openEmptyStorage({ ...options, ...overrides, poolSize: 1 }),
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
};

/** Creates (or migrates) the schema through the storage itself, then empties every table. */
const openEmptyStorage = async (options: PostgresStorageOptions): Promise<Storage> => {
  const pool = await createPostgresPool(options);
  const storage = postgresStorageOnPool(pool);
  const created = await storage.schema.createTables()();
  if (created._tag === 'Left') {
    await storage.close();
    throw new Error(`createTables failed: ${created.left.message}`);
  }
  const tables = sql.join(LIBRARY_TABLES.map((table) => sql.identifier([table])), sql.fragment`, `);
  await pool.query(sql.type(z.unknown())`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
  return storage;
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
