import type { BenchDatabase } from './bench-database.js';

/** What every workload gets from the runner. */
export interface BenchContext {
  readonly sizes: ReadonlyArray<number>;
  /** Whether a result name was asked for (`--only`, by exact name or prefix). */
  readonly wanted: (name: string) => boolean;
  /** The server's bench schema, or null when no PostgreSQL answered (PG workloads are skipped). */
  readonly db: BenchDatabase | null;
  /** Progress for people, on stderr so that `--json` stdout stays parseable. */
  readonly log: (message: string) => void;
  /** Smaller iteration counts for the smoke test. */
  readonly quick: boolean;
  /** Whether the LangChain peer may be installed when missing (the smoke test uses it only if present). */
  readonly installPeer: boolean;
  /** http workload: the visitor counts to run (one result per count and backend). */
  readonly httpVisitors: ReadonlyArray<number>;
  /** http workload: messages each visitor sends. */
  readonly httpMessagesPerVisitor: number;
}
