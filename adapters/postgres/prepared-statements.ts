import type { DriverFactory } from 'slonik';
import { createPgDriverFactory } from '@slonik/pg-driver';
import { createHash } from 'node:crypto';

/** How many named statements one connection keeps at most; later new statements go unnamed. */
export const MAX_NAMED_STATEMENTS_PER_CONNECTION = 200;

/** Statements with a longer text (bulk inserts of many rows) are sent unnamed: their text varies and a plan would not be reused. */
const MAX_NAMED_STATEMENT_LENGTH = 16_384;

const names = new Map<string, string>();

/** Sent once per connection, unnamed, before its first named statement (one round trip per connection). */
const SESSION_HOLDS_STATEMENTS = 'SELECT EXISTS (SELECT 1 FROM pg_prepared_statements) AS held';

/** SQLSTATE 26000 "prepared statement … does not exist", 42P05 "prepared statement … already exists". */
const isStatementNameConflict = (error: unknown): boolean => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '26000' || code === '42P05';
};

/** `wa_` + 20 hex digits of the text's SHA-1: the same text always gets the same name. */
const statementName = (text: string): string => {
  let name = names.get(text);
  if (name === undefined) {
    // the texts are the adapter's own templates, so this stays small; the bound is for safety
    if (names.size >= 10_000) names.clear();
    name = `wa_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
};

/**
 * slonik's pg driver, with named prepared statements (docs/adr/0009).
 *
 * slonik sends every query unnamed, so PostgreSQL parses and plans it on every call: for
 * the adapter's CTE statements that was more than half of the statement's time (0.6 ms of
 * 1.1 ms for `messages.add`). This driver names each parameterised statement by a hash of
 * its text; node-postgres then parses it once per connection and afterwards sends only
 * Bind/Execute, and PostgreSQL reuses the plan. Statements without parameters
 * (transaction control, migrations) and very long ones are sent as before, and a
 * connection names at most MAX_NAMED_STATEMENTS_PER_CONNECTION statements, so texts that
 * vary cannot grow the server's memory without bound.
 *
 * node-postgres's `Client.query` takes either a text or a `{ name, text }` config; slonik's
 * pg driver hands the first argument to it unchanged, and that is what this relies on
 * (slonik is pinned; `prepared-statements.test.ts` checks on a real server that the
 * statements are prepared). Turned off with `preparedStatements: false` for poolers that
 * do not keep prepared statements (PgBouncer in transaction mode before 1.21).
 */
export const createPreparedStatementDriverFactory = (): DriverFactory => {
  const base = createPgDriverFactory();
  return async (configuration) => {
    const driver = await base(configuration);
    return {
      createClient: async () => {
        const client = await driver.createClient();
        const prepared = new Set<string>();
        // set when the server session is not this connection's alone: from then on it sends text only
        let unnamedOnly = false;
        let sessionChecked = false;
        return {
          ...client,
          query: async (text, values) => {
            if (
              unnamedOnly ||
              values === undefined ||
              values.length === 0 ||
              text.length > MAX_NAMED_STATEMENT_LENGTH
            ) {
              return client.query(text, values);
            }
            if (!sessionChecked) {
              // Before the connection's first Parse: a session that already holds prepared
              // statements was used before this connection (PGlite runs every connection on
              // one backend; a pooler may hand over a used session). Its names would collide
              // with ours (42P05), and inside a transaction a failed Parse aborts the whole
              // transaction, which no resend can repair. Such a connection never names.
              sessionChecked = true;
              const held = await client.query(SESSION_HOLDS_STATEMENTS);
              if (held.rows[0]?.held === true) {
                unnamedOnly = true;
                return client.query(text, values);
              }
            }
            const name = statementName(text);
            const known = prepared.has(name);
            if (!known && prepared.size >= MAX_NAMED_STATEMENTS_PER_CONNECTION) return client.query(text, values);
            try {
              // a pg QueryConfig where slonik's driver passes the text through to pg's Client.query
              const result = await client.query({ name, text } as unknown as string, values);
              if (!known) prepared.add(name);
              return result;
            } catch (error) {
              // The server session and node-postgres disagree about this connection's
              // statements: one it parsed is gone (26000: DEALLOCATE or DISCARD ALL by
              // something else, a proxy that moved the session), or the name is taken
              // (42P05: a pooler that shares one server session between clients). Nothing
              // ran (Parse or Bind failed), so the statement is sent again as text, and so is
              // every later one on this connection. Inside a transaction the failure has
              // already aborted it, so the retry fails too and the unit of work reports it.
              if (!isStatementNameConflict(error)) throw error;
              unnamedOnly = true;
              return client.query(text, values);
            }
          },
        };
      },
    };
  };
};
