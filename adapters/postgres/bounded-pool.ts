import type { CommonQueryMethods, DatabasePool, DatabasePoolConnection } from 'slonik';

/** No pooled connection could be had within the connect timeout (the server is unreachable or the pool is stuck). */
export class ConnectionWaitTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`no database connection within ${waitedMs} ms`);
    this.name = 'ConnectionWaitTimeoutError';
  }
}

/**
 * Runs `routine` on a pooled connection, waiting at most `waitMs` for one.
 *
 * slonik's own connectionTimeout bounds only the opening of a new connection. A caller
 * queued behind a full pool waits until a connection is released or destroyed, and when
 * the server vanishes the broken connections take the graceful-termination time (5 s) to
 * be destroyed while failed connection attempts never wake the queue: a call then hung
 * for tens of seconds. Once the routine has its connection, the statement timeout
 * bounds it instead.
 */
export const withConnection = <A>(
  pool: DatabasePool,
  waitMs: number,
  routine: (connection: DatabasePoolConnection) => Promise<A>,
): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    let abandoned = false;
    const timer = setTimeout(() => {
      abandoned = true;
      reject(new ConnectionWaitTimeoutError(waitMs));
    }, waitMs);
    pool
      .connect(async (connection) => {
        // a connection that arrives after the caller gave up goes straight back to the pool
        if (abandoned) return;
        clearTimeout(timer);
        try {
          resolve(await routine(connection));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        if (!abandoned) reject(error instanceof Error ? error : new Error(String(error)));
      });
  });

const QUERY_METHODS: ReadonlySet<PropertyKey> = new Set([
  'any',
  'anyFirst',
  'exists',
  'many',
  'manyFirst',
  'maybeOne',
  'maybeOneFirst',
  'one',
  'oneFirst',
  'query',
  'transaction',
]);

/** The pool's query methods, each waiting at most `waitMs` for its connection (see withConnection). */
export const boundedQueries = (pool: DatabasePool, waitMs: number): CommonQueryMethods =>
  new Proxy(pool, {
    get: (target, name, receiver) => {
      if (!QUERY_METHODS.has(name)) return Reflect.get(target, name, receiver) as unknown;
      return (...args: ReadonlyArray<unknown>) =>
        withConnection(pool, waitMs, (connection) => {
          const method = Reflect.get(connection, name) as (...methodArgs: unknown[]) => Promise<unknown>;
          return method.apply(connection, [...args]);
        });
    },
  });

/** How long a call may wait for a connection: the pool's connect timeout (5 s when disabled). */
export const connectionWaitMs = (pool: DatabasePool): number => {
  const configured = pool.configuration.connectionTimeout;
  return typeof configured === 'number' ? configured : 5_000;
};
