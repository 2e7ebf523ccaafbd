/**
 * The reference host's own connections to PostgreSQL, beside the library's pool: the
 * shared rate-limit counters and the lock that keeps hosts starting together from
 * seeding the demo data twice. A small pool (2 by default), on the library's schema.
 */
import pg from 'pg';
import { withSearchPath } from '../../adapters/postgres/connection-uri.js';

export interface HostDatabaseOptions {
  readonly connectionString: string;
  readonly schema?: string;
  readonly poolSize?: number;
}

export const openHostPool = (options: HostDatabaseOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: withSearchPath(options.connectionString, options.schema),
    max: options.poolSize ?? 2,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 10_000,
    // a counter that cannot be written within this is skipped (the request goes through)
    statement_timeout: 2_000,
  });
  // an idle client's error (the server restarted) is reported to its next user; never crash the host
  pool.on('error', () => undefined);
  return pool;
};

/**
 * Runs `work` while holding a session-level advisory lock named by `name` and the
 * schema, on one connection of `pool`: a second host starting at the same moment waits
 * here, then finds the work done. The key is the schema's too, so hosts on different
 * schemas of one server do not wait for each other.
 */
export const withAdvisoryLock = async <A>(pool: pg.Pool, name: string, work: () => Promise<A>): Promise<A> => {
  const client = await pool.connect();
  try {
    // waiting for the other host's work is the point: the pool's 2 s statement timeout must not cut it
    await client.query('SET statement_timeout = 0');
    await client.query({ text: "SELECT pg_advisory_lock(hashtext($1 || ' ' || current_schema()))", values: [name] });
    try {
      return await work();
    } finally {
      await client.query({
        text: "SELECT pg_advisory_unlock(hashtext($1 || ' ' || current_schema()))",
        values: [name],
      });
      await client.query('RESET statement_timeout');
    }
  } finally {
    client.release();
  }
};
