import type { BenchResult } from './result.js';

const fmt = (value: number | null | undefined, digits = 3): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

const EXTRA_KEYS = [
  'rows',
  'answers_changed',
  'messages',
  'visitors',
  'short_pages',
  'forced_hnsw_short_pages',
  'plan',
  'recall_at_10',
  'floor_unnamed_median_ms',
  'floor_same_sql_median_ms',
  'round_trips',
  'ops_per_s',
  'floor_ops_per_s',
  'peer_median_ms',
  'peer_ratio',
  'note',
] as const;

/** A fixed-width table of the results, for people; `--json` is for machines. */
export const formatTable = (results: ReadonlyArray<BenchResult>): string => {
  const header = ['name', 'median ms', 'p99 ms', 'floor', 'floor median ms', 'ratio', 'extra'];
  const rows = results.map((r) => [
    r.name,
    fmt(r.median_ms),
    fmt(r.p99_ms),
    r.floor ?? '–',
    fmt(r.floor_median_ms),
    fmt(r.ratio, 2),
    EXTRA_KEYS.filter((k) => r[k] !== undefined && r[k] !== null)
      .map((k) => {
        const v = r[k];
        return `${k}=${typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v)}`;
      })
      .join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((c, i) => (i === 0 || i === 3 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};
