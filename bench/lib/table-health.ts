/**
 * How the library's write paths treat a table: row versions left behind (dead tuples),
 * how many updates were HOT (no new index entries), and how large the table and each of
 * its indexes are. Read from PostgreSQL's cumulative statistics, which backends report a
 * little after their transactions end: `settledTableHealth` waits until the figures stop moving.
 */
import type pg from 'pg';

export interface IndexSize {
  readonly index: string;
  readonly bytes: number;
}

export interface TableHealth {
  readonly table: string;
  readonly liveTuples: number;
  readonly deadTuples: number;
  /** Updates since the statistics were last reset (cumulative: compare two readings). */
  readonly updates: number;
  readonly hotUpdates: number;
  /** The main fork, without TOAST or indexes. */
  readonly heapBytes: number;
  readonly indexes: ReadonlyArray<IndexSize>;
}

interface StatRow {
  table: string;
  live: number;
  dead: number;
  updates: number;
  hot: number;
  heap: number;
}

const toNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** The tables of `schema` named in `tables`, in that order (a table not found is left out). */
export const readTableHealth = async (
  client: pg.Client,
  schema: string,
  tables: ReadonlyArray<string>,
): Promise<TableHealth[]> => {
  // this backend's own pending counts (all of them on PGlite, whose one backend never goes idle)
  await client.query('SELECT pg_stat_force_next_flush()');
  await client.query('SELECT pg_stat_clear_snapshot()');
  const stats = await client.query<StatRow>(
    `SELECT relname AS table, n_live_tup::int AS live, n_dead_tup::int AS dead, n_tup_upd::int AS updates,
            n_tup_hot_upd::int AS hot, pg_relation_size(relid)::float8 AS heap
     FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = ANY($2)`,
    [schema, tables],
  );
  const indexes = await client.query<{ table: string; index: string; bytes: number }>(
    `SELECT relname AS table, indexrelname AS index, pg_relation_size(indexrelid)::float8 AS bytes
     FROM pg_stat_user_indexes WHERE schemaname = $1 AND relname = ANY($2) ORDER BY indexrelname`,
    [schema, tables],
  );
  return tables.flatMap((table) => {
    const row = stats.rows.find((r) => r.table === table);
    if (!row) return [];
    return [
      {
        table,
        liveTuples: toNumber(row.live),
        deadTuples: toNumber(row.dead),
        updates: toNumber(row.updates),
        hotUpdates: toNumber(row.hot),
        heapBytes: toNumber(row.heap),
        indexes: indexes.rows
          .filter((i) => i.table === table)
          .map((i) => ({ index: i.index, bytes: toNumber(i.bytes) })),
      },
    ];
  });
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `readTableHealth` once the statistics have settled: two readings 1.2 s apart that
 * agree, or the last reading after `maxMs` (default 15 s). A backend reports at most once
 * a second while busy, soon after it goes idle, and at exit: close the pool first when
 * the figures must be complete.
 */
export const settledTableHealth = async (
  client: pg.Client,
  schema: string,
  tables: ReadonlyArray<string>,
  maxMs = 15_000,
): Promise<TableHealth[]> => {
  const deadline = Date.now() + maxMs;
  let previous = JSON.stringify(await readTableHealth(client, schema, tables));
  for (;;) {
    await sleep(1_200);
    const current = await readTableHealth(client, schema, tables);
    const text = JSON.stringify(current);
    if (text === previous || Date.now() > deadline) return current;
    previous = text;
  }
};

/** The size of one index of a reading, or 0 when it has no such index. */
export const indexBytes = (health: ReadonlyArray<TableHealth>, index: string): number =>
  health.flatMap((t) => t.indexes).find((i) => i.index === index)?.bytes ?? 0;

/** `12.3 MiB`, `144 KiB`. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
