import pg from 'pg';
import { createPostgresStorage } from '../../adapters/postgres/index.js';
import type { Storage } from '../../src/ports/repositories.js';

export const DEFAULT_BENCH_URL = 'postgres://root@127.0.0.1:5432/test';

/**
 * The bench's own schema on the server (`bench_<pid>`), dropped at the end, so that a
 * run never reads or writes anyone else's tables. Everything connects with
 * search_path = that schema, public (pgvector lives in public).
 */
export interface BenchDatabase {
  readonly url: string;
  readonly schema: string;
  /** A raw node-postgres client on the bench schema (the floor's driver). */
  client(): Promise<pg.Client>;
  /** The library's PostgreSQL storage on the bench schema, through `url` (or another URL to the same server). */
  storage(options?: { readonly poolSize?: number; readonly url?: string }): Promise<Storage>;
  drop(): Promise<void>;
}

export const searchPathOption = (schema: string) => `-c search_path=${schema},public`;

export const connectRaw = async (url: string, schema: string): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: url, options: searchPathOption(schema) });
  await client.connect();
  return client;
};

export const openBenchDatabase = async (url: string): Promise<BenchDatabase> => {
  const schema = `bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  // the name is built from digits only; identifiers cannot be bound as parameters
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  const opened: Storage[] = [];
  return {
    url,
    schema,
    client: () => connectRaw(url, schema),
    storage: async (options = {}) => {
      const storage = await createPostgresStorage({
        connectionString: options.url ?? url,
        schema,
        poolSize: options.poolSize ?? 10,
        // the 100k index build and loads run on raw clients; searches never come close
        statementTimeoutMs: 600_000,
      });
      opened.push(storage);
      return storage;
    },
    drop: async () => {
      for (const storage of opened) await storage.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
};

/** Throws with a readable message when no server answers (the bench then skips PostgreSQL workloads). */
export const probeServer = async (url: string): Promise<string | null> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string | null }>(
      "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS version",
    );
    return rows[0]?.version ?? 'not installed yet';
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
};
