/**
 * Some reliability tests need a real PostgreSQL server (a pool of 8, pg_terminate_backend,
 * statement timeouts): PGlite's socket server takes one connection at a time.
 *  - TEST_DATABASE_URL set: they run against it.
 *  - not set, outside CI: they are skipped, with a message saying how to run them.
 *  - not set, under CI=true: they run anyway and fail at start-up (the harness refuses to
 *    start without a server), so CI can never pass by skipping them.
 */
export const isCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

export const hasTestServer = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/** True when tests needing a real server should run (and fail if there is none). */
export const runServerTests = (what: string): boolean => {
  if (hasTestServer() || isCi()) return true;
  console.warn(
    `[skipped] ${what} need a real PostgreSQL server: ` +
      'run with TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test (CI=true makes them mandatory).',
  );
  return false;
};
