import type { TableHealth } from './table-health.js';

/** One line of the bench output; the first six fields are the JSON shape. */
export interface BenchResult {
  readonly name: string;
  readonly median_ms: number;
  readonly p99_ms: number;
  /** What the figure is compared with, in words; null when there is no floor. */
  readonly floor: string | null;
  readonly floor_median_ms: number | null;
  /** median_ms / floor_median_ms: 1.0 is as fast as the floor, 1.15 is 15 % slower. */
  readonly ratio: number | null;
  readonly rows?: number;
  readonly recall_at_10?: number;
  readonly round_trips?: number;
  readonly round_trips_faq?: number;
  readonly round_trips_miss?: number;
  readonly ops_per_s?: number;
  readonly floor_ops_per_s?: number;
  readonly floor_p99_ms?: number;
  /** The floor's statement sent unnamed (parsed and planned each call), as slonik sends every query. */
  readonly floor_unnamed_median_ms?: number;
  /** The adapter's own statement through raw pg (prepared), where it does more than the floor's. */
  readonly floor_same_sql_median_ms?: number;
  /** The fewest rows exact search returned for one of the queries (a category may hold fewer than `limit`). */
  readonly exact_rows?: number;
  /** Queries for which the search returned fewer rows than exact search did. */
  readonly short_pages?: number;
  /** The same, with the planner pushed onto the HNSW index (seq scan, bitmap scan and sort disabled). */
  readonly forced_hnsw_short_pages?: number;
  readonly plan?: string;
  readonly peer_median_ms?: number | null;
  readonly peer_p99_ms?: number | null;
  readonly peer_ratio?: number | null;
  readonly peer_rows?: number | null;
  readonly peer_recall_at_10?: number | null;
  readonly floor_recall_at_10?: number;
  readonly exact_median_ms?: number;
  readonly bytes_per_10k?: number;
  readonly note?: string;
  /** http workload: concurrent visitors, messages sent under the load, and answers that differed from the reference. */
  readonly visitors?: number;
  readonly messages?: number;
  readonly answers_changed?: number;
  /** http workload on PostgreSQL: what the run left in knowledge_base and its HNSW index. */
  readonly knowledge_base_dead_tuples?: number;
  readonly knowledge_base_bytes_before?: number;
  readonly knowledge_base_bytes?: number;
  readonly hnsw_bytes_before?: number;
  readonly hnsw_bytes?: number;
  readonly table_health_before?: ReadonlyArray<TableHealth>;
  readonly table_health?: ReadonlyArray<TableHealth>;
}

export const ratioOf = (median: number, floor: number | null): number | null =>
  floor === null || !(floor > 0) ? null : median / floor;
