/**
 * Rate-limit counters every host on one database shares (@fastify/rate-limit's `store`):
 * PostgreSQL itself, so several hosts need no new server. Redis, where a user has one,
 * is @fastify/rate-limit's own store (`redis` option), built in host.ts.
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';

/** One counted request: the count in the key's window so far, and the milliseconds left of that window. */
interface Hit {
  readonly current: number;
  readonly ttl: number;
}

/**
 * One statement per request: a key seen for the first time, or whose window has ended,
 * starts at 1 with a new window; otherwise it counts up. The server's clock decides, so
 * hosts whose clocks differ agree on the windows.
 */
const HIT_SQL = `
INSERT INTO rate_limit_hits AS h (key, hits, window_ends_at)
VALUES ($1, 1, now() + $2 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN h.window_ends_at <= now() THEN 1 ELSE h.hits + 1 END,
  window_ends_at = CASE WHEN h.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE h.window_ends_at END
RETURNING hits, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_ends_at - now())) * 1000))::int AS ttl_ms`;

/** Rows whose window ended a while ago: nothing reads them again except as "start over". */
const SWEEP_SQL = `DELETE FROM rate_limit_hits WHERE window_ends_at < now() - interval '5 minutes'`;

export interface PostgresRateLimitOptions {
  /** The pool the counters use (a small one of the host's own, search_path on the library's schema). */
  readonly pool: pg.Pool;
  /** Told when counting fails; the request then goes through (a limiter must not take the site down). */
  readonly onError?: (error: unknown) => void;
  /** How often expired rows are deleted (default 60 000 ms; 0: never). */
  readonly sweepEveryMs?: number;
}

export interface PostgresRateLimitStore {
  /** The class @fastify/rate-limit instantiates (its `store` option). */
  readonly store: FastifyRateLimitStoreCtor;
  /** Counts one request of `key` in a window of `timeWindowMs` (what every limiter does per request). */
  hit(key: string, timeWindowMs: number): Promise<Hit>;
  /** Stops the sweep timer (the pool is the caller's). */
  close(): void;
}

interface HitRow {
  readonly hits: number;
  readonly ttl_ms: number;
}

export const createPostgresRateLimitStore = (options: PostgresRateLimitOptions): PostgresRateLimitStore => {
  const { pool } = options;
  const hit = async (key: string, timeWindowMs: number): Promise<Hit> => {
    const result = await pool.query<HitRow>({ text: HIT_SQL, values: [key, Math.max(1, Math.trunc(timeWindowMs))] });
    const row = result.rows[0];
    if (!row) throw new Error('rate-limit upsert returned no row');
    return { current: row.hits, ttl: row.ttl_ms };
  };

  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  const sweep =
    sweepEveryMs > 0
      ? setInterval(() => {
          pool.query(SWEEP_SQL).catch((error: unknown) => options.onError?.(error));
        }, sweepEveryMs)
      : null;
  sweep?.unref();

  /**
   * A store per route: its keys are prefixed with the route, as @fastify/rate-limit's own
   * Redis store does, so the global limit and a route's limit never share a counter.
   */
  class Store implements FastifyRateLimitStore {
    constructor(
      _options?: FastifyRateLimitOptions,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: Hit) => void, timeWindow: number): void {
      hit(`${this.prefix}${key}`, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => {
          options.onError?.(error);
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }

    child(routeOptions: { method?: unknown; url?: unknown; routeInfo?: { method?: unknown; url?: unknown } }): Store {
      const info = routeOptions.routeInfo ?? routeOptions;
      const method = typeof info.method === 'string' ? info.method : '';
      const url = typeof info.url === 'string' ? info.url : '';
      return new Store(undefined, `${this.prefix}${method}${url}-`);
    }
  }

  return {
    store: Store,
    hit,
    close: () => {
      if (sweep) clearInterval(sweep);
    },
  };
};
