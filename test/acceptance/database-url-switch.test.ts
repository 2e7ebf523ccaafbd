/** DATABASE_URL alone switches the assistant from the embedded store to PostgreSQL. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistantFromEnv } from '../../src/index.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

it('uses sql.js without DATABASE_URL and PostgreSQL with it', async () => {
  const embedded = await createAssistantFromEnv({});
  expect(embedded.storageKind).toBe('sqljs');
  await embedded.close();

  const options = await database.isolatedSchema();
  const env = { DATABASE_URL: options.connectionString, ...(options.schema ? { DB_SCHEMA: options.schema } : {}) };
  const first = await createAssistantFromEnv(env);
  expect(first.storageKind).toBe('postgres');
  const chat = await first.startChat({ pageUrl: 'https://example.com/' });
  await first.close();

  // the data is in the server, not in the process: a second assistant sees it
  const second = await createAssistantFromEnv(env);
  expect((await second.findSession({ sessionUuid: chat.sessionUuid }))?.id).toBe(chat.session.id);
  await second.close();
});
