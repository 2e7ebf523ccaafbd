/**
 * Faults injected into a real PostgreSQL server while the use-cases run: a backend
 * terminated mid-transaction, the server vanishing (through a loopback TCP proxy), a
 * statement timeout, idle pool connections killed, and a connection cut right after
 * the server received a write. Each test has its own schema and pool, named by
 * `application_name` so that only its own backends are ever terminated.
 */
import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../../adapters/postgres/index.js';
import { createAssistant, isAssistantError, type Assistant } from '../../src/index.js';
import type { DomainError } from '../../src/domain/errors.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { runServerTests } from '../support/server-requirement.js';
import { carriesSql, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const onServer = runServerTests('PostgreSQL fault-injection tests');
const VISITOR = '3c1f0e2a-9b8d-4e7f-a6b5-c4d3e2f1a0b9';

const mustRight = async <A>(task: TaskEither<DomainError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** Runs the task and returns its Left with the time it took. */
const timedLeft = async <A>(task: TaskEither<DomainError, A>): Promise<{ error: DomainError; ms: number }> => {
  const started = Date.now();
  const result = await task();
  if (E.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`);
  return { error: result.left, ms: Date.now() - started };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = async <A>(probe: () => Promise<A | null>, what: string, timeoutMs = 5_000): Promise<A> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

describe.skipIf(!onServer)('faults on a real PostgreSQL server', () => {
  let database: PostgresTestDatabase;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    database = await startPostgresTestDatabase();
    admin = new pg.Client({ connectionString: database.options.connectionString });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  }, 60_000);
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await admin?.end();
    await database?.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    // give late socket errors a chance to surface before judging
    await sleep(50);
    expect(uncaught).toEqual([]);
  });

  interface Opened {
    readonly assistant: Assistant;
    readonly schema: string;
    readonly app: string;
  }

  /** An assistant on its own schema and pool, optionally reaching the server through `proxy`. */
  const open = async (options: {
    poolSize: number;
    statementTimeoutMs?: number;
    proxy?: TcpProxy;
  }): Promise<Opened> => {
    const isolated = await database.isolatedSchema();
    const app = `wa_fault_${randomBytes(4).toString('hex')}`;
    const url = new URL(options.proxy ? options.proxy.url(isolated.connectionString) : isolated.connectionString);
    url.searchParams.set('application_name', app);
    const storage = await createPostgresStorage({
      ...isolated,
      connectionString: url.toString(),
      poolSize: options.poolSize,
      connectTimeoutMs: 1_000,
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    });
    const assistant = await createAssistant({ embedder: { kind: 'none' } }, { storage, embedder: null });
    cleanups.push(() => assistant.close());
    return { assistant, schema: isolated.schema ?? 'public', app };
  };

  const count = async (query: string, params: ReadonlyArray<unknown> = []): Promise<number> =>
    Number((await admin.query<{ n: string }>(query, [...params])).rows[0]?.n);

  const backendPids = async (app: string, state?: string): Promise<number[]> =>
    (
      await admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND ($2::text IS NULL OR state = $2) ORDER BY pid',
        [app, state ?? null],
      )
    ).rows.map((r) => r.pid);

  /** A separate client holding the visitor's row lock until `release()`. */
  const lockVisitor = async (schema: string, visitorUuid: string) => {
    const locker = new pg.Client({ connectionString: database.options.connectionString });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM ${schema}.visitors WHERE visitor_id = $1 FOR UPDATE`, [visitorUuid]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await locker.query('ROLLBACK');
      await locker.end();
    };
    cleanups.push(release);
    return release;
  };

  it('a backend terminated in the middle of ConvertVisitorToUser: nothing of it stays, and the pool recovers', async () => {
    const { assistant, schema, app } = await open({ poolSize: 2 });
    const u = assistant.useCases;
    const chat = await mustRight(u.startChat({ visitorId: VISITOR }));
    await mustRight(u.processMessage({ sessionUuid: chat.sessionUuid, message: 'Здравствуйте' }));
    const release = await lockVisitor(schema, VISITOR);

    // the user row is inserted, then markConverted waits for the visitor's row lock
    const converting = u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna', email: 'anna@example.com' })();
    const blocked = await waitFor(async () => {
      const rows = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [app],
      );
      return rows.rows[0]?.pid ?? null;
    }, 'the conversion to wait for the row lock');
    await admin.query('SELECT pg_terminate_backend($1)', [blocked]);
    const result = await converting;
    await release();

    expect(E.isLeft(result) && result.left._tag).toBe('StorageUnavailable');
    expect(await count(`SELECT count(*) AS n FROM ${schema}.users`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${schema}.visitors WHERE user_id IS NOT NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${schema}.sessions WHERE user_id IS NOT NULL`)).toBe(0);

    const retried = await mustRight(
      u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna', email: 'anna@example.com' }),
    );
    expect(retried.movedSessions).toBe(1);
    const reads = await Promise.all(
      Array.from({ length: 8 }, () => u.getSessionMessages({ sessionUuid: chat.sessionUuid })()),
    );
    expect(reads.every(E.isRight)).toBe(true);
  });

  it('an unreachable server at start-up: StorageUnavailable within 2 s (connection refused, and a server that never answers)', async () => {
    const refused = Date.now();
    const error = await createAssistant({
      storage: { kind: 'postgres', url: 'postgres://root@127.0.0.1:9/test', connectTimeoutMs: 1_000 },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - refused).toBeLessThan(2_000);
    expect(isAssistantError(error, 'StorageUnavailable')).toBe(true);

    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    cleanups.push(() => proxy.close());
    proxy.setSilent(true);
    const silent = Date.now();
    const url = proxy.url(database.options.connectionString);
    const silentError = await createAssistant({ storage: { kind: 'postgres', url, connectTimeoutMs: 1_000 } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - silent).toBeLessThan(2_000);
    expect(isAssistantError(silentError, 'StorageUnavailable')).toBe(true);
  });

  it('the server vanishing under an open storage: every call is StorageUnavailable within 2 s, then it recovers', async () => {
    const target = new URL(database.options.connectionString);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const { assistant } = await open({ poolSize: 4, proxy });
    const u = assistant.useCases;
    const chat = await mustRight(u.startChat({ visitorId: VISITOR }));

    await proxy.goDown();
    const failures = await Promise.all([
      timedLeft(u.processMessage({ sessionUuid: chat.sessionUuid, message: 'Алло?' })),
      timedLeft(u.startChat({ visitorId: VISITOR })),
      timedLeft(u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna' })),
      timedLeft(u.getSessionMessages({ sessionUuid: chat.sessionUuid })),
      timedLeft(u.endChat({ sessionUuid: chat.sessionUuid, rating: 5 })),
    ]);
    for (const { error, ms } of failures) {
      expect(error._tag).toBe('StorageUnavailable');
      expect(ms).toBeLessThan(2_000);
    }

    await proxy.comeBack();
    await mustRight(u.processMessage({ sessionUuid: chat.sessionUuid, message: 'Снова на связи' }));
    const messages = await mustRight(u.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['Снова на связи']);
    expect((await mustRight(u.findSession({ sessionUuid: chat.sessionUuid })))?.isActive).toBe(true);
  });

  it('a statement timeout is a typed error and the pool of one serves the next calls', async () => {
    const { assistant, schema, app } = await open({ poolSize: 1, statementTimeoutMs: 300 });
    const u = assistant.useCases;
    const chat = await mustRight(u.startChat({ visitorId: VISITOR }));
    const before = await backendPids(app);
    const release = await lockVisitor(schema, VISITOR);

    const { error, ms } = await timedLeft(u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna' }));
    await release();
    expect(error).toEqual({ _tag: 'StorageUnavailable', message: expect.stringMatching(/timed out/) });
    expect(ms).toBeLessThan(2_000);

    const converted = await mustRight(u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna' }));
    expect(converted.movedSessions).toBe(1);
    await mustRight(u.processMessage({ sessionUuid: chat.sessionUuid, message: 'Спасибо' }));
    // slonik replaces a connection whose statement timed out rather than reuse it; the pool
    // of one still serves every call and does not grow
    expect(before).toHaveLength(1);
    expect(await backendPids(app)).toHaveLength(1);
  });

  it('idle pool connections killed by the server: no uncaught exception, the next queries succeed', async () => {
    const { assistant, app } = await open({ poolSize: 8 });
    const u = assistant.useCases;
    const chats = await Promise.all(Array.from({ length: 16 }, () => mustRight(u.startChat({}))));
    const idle = await waitFor(async () => {
      const pids = await backendPids(app, 'idle');
      return pids.length >= 2 ? pids : null;
    }, 'idle pool connections');
    await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [idle]);
    await waitFor(
      async () => ((await backendPids(app, 'idle')).some((p) => idle.includes(p)) ? null : true),
      'the backends to exit',
    );
    await sleep(100);

    const results = await Promise.all(
      chats.map((chat, i) => u.processMessage({ sessionUuid: chat.sessionUuid, message: `После сбоя ${i}` })()),
    );
    expect(results.filter(E.isLeft).map((r) => r.left)).toEqual([]);
  });

  it('a connection cut right after the server received the write: retrying ProcessMessage with the same clientMessageId stores it once', async () => {
    const target = new URL(database.options.connectionString);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const { assistant, schema } = await open({ poolSize: 2, proxy });
    const u = assistant.useCases;
    const chat = await mustRight(u.startChat({ visitorId: VISITOR }));
    const send = () =>
      u.processMessage({ sessionUuid: chat.sessionUuid, message: 'Где мой заказ?', clientMessageId: 'send-1' });

    const cut = proxy.cutAfter(carriesSql('INSERT INTO messages'));
    const first = await send()();
    await cut;
    expect(E.isLeft(first) && first.left._tag).toBe('StorageUnavailable');
    // the statement ran to its end on the server although the client never heard back
    await waitFor(
      async () =>
        (await count(`SELECT count(*) AS n FROM ${schema}.messages WHERE client_message_id = 'send-1'`)) === 1
          ? true
          : null,
      'the cut insert to commit',
    );

    const retried = await mustRight(send());
    const again = await mustRight(send());
    expect(again.assistantMessage?.id).toBe(retried.assistantMessage?.id);
    expect(await count(`SELECT count(*) AS n FROM ${schema}.messages WHERE client_message_id = 'send-1'`)).toBe(1);
    const messages = await mustRight(u.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
  });

  it('a connection cut right after COMMIT was sent: the conversion happened once, a retry reports it', async () => {
    const target = new URL(database.options.connectionString);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const { assistant, schema } = await open({ poolSize: 2, proxy });
    const u = assistant.useCases;
    await mustRight(u.startChat({ visitorId: VISITOR }));

    const cut = proxy.cutAfter(carriesSql('COMMIT'));
    const first = await u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna' })();
    await cut;
    expect(E.isLeft(first) && first.left._tag).toBe('StorageUnavailable');
    await waitFor(
      async () => ((await count(`SELECT count(*) AS n FROM ${schema}.users`)) === 1 ? true : null),
      'the commit',
    );

    const retried = await u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna' })();
    expect(E.isLeft(retried) && retried.left._tag).toMatch(/VisitorAlreadyConverted|DuplicateUsername/);
    expect(await count(`SELECT count(*) AS n FROM ${schema}.users`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM ${schema}.sessions WHERE user_id IS NULL`)).toBe(0);
  });
});
