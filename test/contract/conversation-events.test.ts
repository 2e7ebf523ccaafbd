/** The event bus contract on every bus: sql.js in-process, PostgreSQL LISTEN/NOTIFY and polling. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { z } from 'zod';
import {
  createPostgresPool,
  createPostgresStorage,
  type PostgresStorageOptions,
} from '../../adapters/postgres/index.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import type { Storage } from '../../src/ports/repositories.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { describeEventBusContract, recorder, startSession } from './conversation-events-contract.js';
import { userMessage } from './storage-contract.js';

const migrated = async (storage: Storage): Promise<Storage> => {
  const created = await storage.schema.createTables()();
  if (created._tag === 'Left') throw new Error(created.left.message);
  return storage;
};

describeEventBusContract('sql.js (in-process)', { open: async () => migrated(await createSqlJsStorage()) });

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const postgres = async (notifications: 'listen' | 'poll', options?: PostgresStorageOptions) =>
  migrated(
    await createPostgresStorage({
      ...(options ?? (await database.isolatedSchema())),
      // PGlite serves one connection at a time
      poolSize: database.kind === 'pglite' ? 1 : 2,
      notifications,
    }),
  );

describeEventBusContract('PostgreSQL (polling)', { open: () => postgres('poll') });

// PGlite's socket server takes one connection at a time: no connection is left for LISTEN
const onServer = Boolean(process.env.TEST_DATABASE_URL);
if (!onServer) console.warn('conversation-events: LISTEN/NOTIFY runs on a PostgreSQL server only (TEST_DATABASE_URL)');
if (onServer) describeEventBusContract('PostgreSQL (LISTEN/NOTIFY)', { open: () => postgres('listen') });

describe.skipIf(!onServer)('PostgreSQL LISTEN/NOTIFY across processes and connection loss', () => {
  it("delivers one host's write to another host's subscriber (two pools on one database)", async () => {
    const options = await database.isolatedSchema();
    const writer = await postgres('listen', options);
    const follower = await postgres('listen', options);
    try {
      const r = recorder();
      follower.events.subscribe(r.listener);
      await r.until(() => r.received.some((c) => c.kind === 'resync'));
      const session = await startSession(writer);
      const added = await writer.repositories.messages.add(userMessage(session, 'с другого хоста'), new Date())();
      expect(added._tag).toBe('Right');
      await r.until(() => r.sessionsSeen().has(session));
    } finally {
      await writer.close();
      await follower.close();
    }
  });

  it('hears nothing of the same tables in another schema', async () => {
    const mine = await postgres('listen');
    const theirs = await postgres('listen');
    try {
      const r = recorder();
      mine.events.subscribe(r.listener);
      await r.until(() => r.received.some((c) => c.kind === 'resync'));
      // ids start at 1 in each schema: mine get other numbers than theirs
      for (let i = 0; i < 3; i++) await startSession(mine);
      const session = await startSession(theirs);
      await theirs.repositories.messages.add(userMessage(session, 'чужая схема'), new Date())();
      const own = await startSession(mine);
      expect(own).not.toBe(session);
      await mine.repositories.messages.add(userMessage(own, 'своя схема'), new Date())();
      await r.until(() => r.sessionsSeen().has(own));
      expect([...r.sessionsSeen()]).toEqual([own]);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it('after the connection is lost it reconnects, says resync, and delivers later writes', async () => {
    const options = await database.isolatedSchema();
    const storage = await postgres('listen', options);
    const killer = await createPostgresStorage({ ...options, poolSize: 1 });
    try {
      const r = recorder();
      storage.events.subscribe(r.listener);
      await r.until(() => r.received.some((c) => c.kind === 'resync'));
      const admin = await createPostgresPool({ ...options, poolSize: 1 });
      const killed = await admin.anyFirst(
        sql.type(z.object({ killed: z.boolean() }))`
          SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE query = 'LISTEN web_assistant' AND pid <> pg_backend_pid()`,
      );
      await admin.end();
      expect(killed.length).toBeGreaterThan(0);
      const resyncsBefore = r.received.filter((c) => c.kind === 'resync').length;
      await r.until(() => r.received.filter((c) => c.kind === 'resync').length > resyncsBefore, 10_000);
      const session = await startSession(killer);
      await killer.repositories.messages.add(userMessage(session, 'после переподключения'), new Date())();
      await r.until(() => r.sessionsSeen().has(session));
    } finally {
      await storage.close();
      await killer.close();
    }
  });
});
