import { afterAll, beforeAll } from 'vitest';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { describeStorageContract } from './storage-contract.js';

// TEST_DATABASE_URL selects a real server (one schema per run); otherwise PGlite (see the harness).
let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describeStorageContract(`PostgreSQL (${process.env.TEST_DATABASE_URL ? 'server' : 'PGlite'})`, {
  open: () => database.openStorage(),
});
