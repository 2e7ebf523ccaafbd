import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { command } from './sql-helpers.js';

/**
 * The HNSW index of migrations/postgres/0002_core_tables.sql, rebuilt with exactly the
 * migration's definition (pgvector's defaults m = 16, ef_construction = 64).
 */
const HNSW_INDEX = 'knowledge_base_embedding_hnsw_idx';
const createHnswIndex = command`
  CREATE INDEX ${sql.identifier([HNSW_INDEX])} ON knowledge_base USING hnsw (embedding vector_cosine_ops)`;

/** The graph of 10k 1024-d entries is about 50 MB; below this the build spills to disk. */
const BUILD_MEMORY_KB = 256 * 1024;

const RebuildRow = z.object({ existing_rows: z.number().int(), index_as_migrated: z.boolean() });
const TimeoutRow = z.object({ previous: z.string() });

/**
 * Whether `batchSize` new rows load faster with the HNSW index dropped and built again
 * than inserted into it one graph insertion at a time: true when the table holds at most
 * as many rows as the batch and the index is there with the migration's definition (an
 * index an operator rebuilt with other parameters is left alone).
 *
 * Takes a transaction-level advisory lock first, so that two large loads run one after
 * the other: both counting rows (ACCESS SHARE) and then both dropping the index (ACCESS
 * EXCLUSIVE) would deadlock. Other statements do not take it.
 */
export const indexRebuildPays = async (transaction: CommonQueryMethods, batchSize: number): Promise<boolean> => {
  await transaction.query(command`
    SELECT pg_advisory_xact_lock(hashtext('web-assistant knowledge_base bulk load'), 'knowledge_base'::regclass::oid::int)`);
  // counting stops after batchSize + 1 rows: cheap on a large table
  const row = await transaction.one(sql.type(RebuildRow)`
    SELECT
      (SELECT count(*)::int FROM (SELECT 1 FROM knowledge_base LIMIT ${batchSize + 1}) AS existing) AS existing_rows,
      EXISTS (
        SELECT 1 FROM pg_index
        WHERE indexrelid = to_regclass(${HNSW_INDEX}) AND indrelid = 'knowledge_base'::regclass
          AND pg_get_indexdef(indexrelid) LIKE '%USING hnsw (embedding vector_cosine_ops)'
      ) AS index_as_migrated`);
  const { existing_rows: existingRows, index_as_migrated: indexAsMigrated } = RebuildRow.parse(row);
  return indexAsMigrated && existingRows <= batchSize;
};

/**
 * Runs `load` with the HNSW index dropped, then builds it again, all inside the caller's
 * transaction (or savepoint): DDL is transactional in PostgreSQL, so a failure anywhere
 * rolls back to the old index and no rows. DROP INDEX takes an ACCESS EXCLUSIVE lock on
 * knowledge_base until commit: searches and writes of the table wait for the load and
 * the build (docs/adapters/postgres.md).
 */
export const withHnswIndexRebuilt = async <A>(transaction: CommonQueryMethods, load: () => Promise<A>): Promise<A> => {
  // Raised for this transaction only, never lowered below the server's setting. The build
  // is serial: a parallel one allocates maintenance_work_mem as one shared-memory segment,
  // which fails in containers with a small /dev/shm (Docker: 64 MB), and it measured no
  // faster on 2 cores (docs/performance.md).
  await transaction.query(command`
    SELECT set_config('max_parallel_maintenance_workers', '0', true),
      (SELECT set_config('maintenance_work_mem', ${`${BUILD_MEMORY_KB}kB`}, true)
       FROM pg_settings WHERE name = 'maintenance_work_mem' AND setting::bigint < ${BUILD_MEMORY_KB})`);
  await transaction.query(command`DROP INDEX ${sql.identifier([HNSW_INDEX])}`);
  const loaded = await load();
  // The build is CPU work proportional to the rows (the lock is already held, nothing is
  // waited for): statementTimeoutMs would turn a large first import (100k: minutes) into a
  // rollback. Lifted for this one statement, as the migration runner does for its own.
  const timeout = await transaction.one(sql.type(TimeoutRow)`
    SELECT current_setting('statement_timeout') AS previous, set_config('statement_timeout', '0', true)`);
  await transaction.query(createHnswIndex);
  await transaction.query(command`
    SELECT set_config('statement_timeout', ${TimeoutRow.parse(timeout).previous}, true)`);
  return loaded;
};
