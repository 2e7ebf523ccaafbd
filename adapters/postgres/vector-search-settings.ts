import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

const VersionRow = z.object({ version: z.string().nullable() });

/** pgvector's own default for `hnsw.ef_search`, and the adapter's floor. */
export const DEFAULT_HNSW_EF_SEARCH = 40;

/** Default of `bulkIndexRebuildThreshold`: smaller batches always take the row-by-row path. */
export const DEFAULT_BULK_INDEX_REBUILD_THRESHOLD = 1_000;

/** How the knowledge base uses its HNSW index, from the storage options. */
export interface VectorIndexOptions {
  /**
   * `hnsw.ef_search` for vector search: the candidate list the index scan keeps. Raised to
   * `2 × limit` when a page asks for more. Default: `max(40, 2 × limit)`.
   */
  readonly hnswEfSearch?: number;
  /**
   * `addMany` batches of at least this many entries, when at least as large as the rows
   * already stored, drop the HNSW index, insert and build it again in one transaction
   * (docs/adapters/postgres.md). Default 1,000; `Infinity` turns it off.
   */
  readonly bulkIndexRebuildThreshold?: number;
}

/**
 * The HNSW settings of one storage, and what the installed pgvector can do (read once per
 * storage: hnsw.iterative_scan is 0.8+).
 */
export interface VectorSearchSettings {
  supportsIterativeScan(connection: CommonQueryMethods): Promise<boolean>;
  /** `hnsw.ef_search` for a page of `limit` rows: never below `2 × limit`. */
  efSearch(limit: number): number;
  /** Whether an `addMany` of `batchSize` entries may rebuild the index (the table size is checked too). */
  bulkRebuildCandidate(batchSize: number): boolean;
}

const atLeast = (version: string, major: number, minor: number): boolean => {
  const [a = 0, b = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return a > major || (a === major && b >= minor);
};

/** pgvector accepts 1 to 1,000 for hnsw.ef_search. */
const checkEfSearch = (value: number | undefined): number => {
  if (value === undefined) return DEFAULT_HNSW_EF_SEARCH;
  if (!Number.isInteger(value) || value < 1 || value > 1_000) {
    throw new RangeError(`hnswEfSearch must be an integer from 1 to 1000, got ${value}`);
  }
  return value;
};

const checkThreshold = (value: number | undefined): number => {
  if (value === undefined) return DEFAULT_BULK_INDEX_REBUILD_THRESHOLD;
  if (Number.isNaN(value) || value < 1) {
    throw new RangeError(`bulkIndexRebuildThreshold must be at least 1, got ${value}`);
  }
  return value;
};

export const createVectorSearchSettings = (options: VectorIndexOptions = {}): VectorSearchSettings => {
  const efSearch = checkEfSearch(options.hnswEfSearch);
  const threshold = checkThreshold(options.bulkIndexRebuildThreshold);
  let known: boolean | undefined;
  return {
    supportsIterativeScan: async (connection) => {
      if (known !== undefined) return known;
      const row = await connection.one(sql.type(VersionRow)`
        SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS version`);
      const { version } = VersionRow.parse(row);
      known = version !== null && atLeast(version, 0, 8);
      return known;
    },
    // pgvector caps ef_search at 1,000; a page larger than 500 is re-sorted from 1,000 candidates
    efSearch: (limit) => Math.min(1_000, Math.max(efSearch, 2 * limit)),
    bulkRebuildCandidate: (batchSize) => batchSize >= threshold,
  };
};
