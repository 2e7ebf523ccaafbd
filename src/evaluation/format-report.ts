import type { EvaluationReport } from './run-evaluation.js';
import type { RankMetrics } from './metrics.js';

const pct = (x: number | null) => (x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
const row = (name: string, m: RankMetrics, base?: RankMetrics) =>
  `${name.padEnd(14)} ${String(m.count).padStart(5)}  ${pct(m.hit_at_1)}  ${pct(m.hit_at_5)}  ${m.mrr.toFixed(3)}` +
  (base ? `   | bm25 ${pct(base.hit_at_1)}  ${pct(base.hit_at_5)}  ${base.mrr.toFixed(3)}` : '');

/** The report as a table for people. */
export const formatReport = (r: EvaluationReport): string => {
  const lines = [
    `mode ${r.mode}, embedder ${r.embedder ?? '-'}, ${r.faq_entries} FAQ entries, ${r.seconds.toFixed(1)} s`,
    '',
    `${'kind'.padEnd(14)} ${'n'.padStart(5)}   hit@1   hit@5    MRR`,
    row('all', r, r.bm25),
    ...Object.entries(r.by_kind).map(([kind, m]) => row(kind, m, r.bm25.by_kind[kind])),
    '',
    `answer decision at threshold ${r.threshold}: in-scope answered right ${pct(r.answered_correct)}, wrong ${pct(r.answered_wrong)}; out-of-scope rejected ${pct(r.out_of_scope_rejection)}`,
    `recommended threshold (max of (answered right + out-of-scope rejected) / 2): ${r.calibration.recommended}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
};
