import { afterAll, beforeAll } from 'vitest';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { describeConversationsContract } from './conversations-contract.js';
import { describeHybridSearchContract } from './hybrid-search-contract.js';
import { describeStorageContract, type StorageHarness } from './storage-contract.js';

// TEST_DATABASE_URL selects a real server (one schema per run); otherwise PGlite (see the harness).
let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const adapterName = `PostgreSQL (${process.env.TEST_DATABASE_URL ? 'server' : 'PGlite'})`;
const harness: StorageHarness = { open: () => database.openStorage() };

describeStorageContract(adapterName, harness);
describeHybridSearchContract(adapterName, harness);
describeConversationsContract(adapterName, harness);
