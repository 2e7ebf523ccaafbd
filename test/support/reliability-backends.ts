/**
 * The two storage backends behind the use-cases, for reliability tests: sql.js in memory
 * and PostgreSQL (a pool of `poolSize` in a schema of its own on the test server, or the
 * harness's shared pool, which is the only choice on PGlite).
 */
import { createPostgresStorage } from '../../adapters/postgres/index.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { createAssistant, type Assistant, type AssistantOverrides } from '../../src/index.js';
import type { Storage } from '../../src/ports/repositories.js';
import type { PostgresTestDatabase } from './postgres-harness.js';

export type BackendName = 'sqljs' | 'postgres';

export interface ReliabilityBackend {
  readonly name: BackendName;
  /** A fresh, empty store with the schema created. */
  openStorage(): Promise<Storage>;
}

export const sqljsBackend: ReliabilityBackend = {
  name: 'sqljs',
  openStorage: async () => {
    const storage = await createSqlJsStorage({});
    const created = await storage.schema.createTables()();
    if (created._tag === 'Left') throw new Error(created.left.message);
    return storage;
  },
};

/**
 * PostgreSQL through `database()` (resolved lazily: the harness starts in beforeAll).
 * With `poolSize`, each store gets its own pool and schema (server only); without, the
 * harness's shared pool with emptied tables.
 */
export const postgresBackend = (database: () => PostgresTestDatabase, poolSize?: number): ReliabilityBackend => ({
  name: 'postgres',
  openStorage: async () => {
    const db = database();
    if (poolSize === undefined) return db.openStorage();
    const storage = await createPostgresStorage({ ...(await db.isolatedSchema()), poolSize });
    const created = await storage.schema.createTables()();
    if (created._tag === 'Left') throw new Error(created.left.message);
    return storage;
  },
});

/** The assistant on a fresh store of `backend`; no embedder and no AI model unless overridden. */
export const openAssistant = async (
  backend: ReliabilityBackend,
  overrides: AssistantOverrides = {},
): Promise<Assistant> =>
  createAssistant(
    { embedder: { kind: 'none' } },
    { embedder: null, ...overrides, storage: await backend.openStorage() },
  );
