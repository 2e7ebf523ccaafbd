import * as E from 'fp-ts/lib/Either.js';
import { confidentHit, type FaqSearchResult, type SearchMode } from '../application/search-faq.js';
import type { AssistantConfigInput } from '../composition/config.js';
import { createAssistant, type AssistantOverrides } from '../composition/create-assistant.js';
import { bm25Index } from './bm25.js';
import type { EvalSet } from './eval-set.js';
import { groupBy, rankMetrics, rankOf, type RankMetrics } from './metrics.js';

export interface CalibrationRow {
  readonly threshold: number;
  /** In-scope queries answered from the FAQ with the right entry. */
  readonly answered_correct: number;
  /** In-scope queries answered from the FAQ with a wrong entry. */
  readonly answered_wrong: number;
  readonly out_of_scope_rejection: number;
}

export interface EvaluationReport extends RankMetrics {
  readonly mode: SearchMode;
  readonly embedder: string | null;
  readonly threshold: number;
  readonly faq_entries: number;
  readonly by_kind: Record<string, RankMetrics>;
  /** Out-of-scope questions that ProcessMessage would not answer from the FAQ, at `threshold`. */
  readonly out_of_scope_rejection: number | null;
  readonly answered_correct: number;
  readonly answered_wrong: number;
  readonly bm25: RankMetrics & { readonly by_kind: Record<string, RankMetrics> };
  /** Threshold sweep; `recommended` maximises (answered_correct + out_of_scope_rejection) / 2. */
  readonly calibration: { readonly recommended: number | null; readonly table: ReadonlyArray<CalibrationRow> };
  readonly seconds: number;
}

export interface EvaluationOptions {
  readonly mode?: SearchMode;
  /** Overrides the configured threshold of the mode. */
  readonly threshold?: number;
  readonly config?: AssistantConfigInput;
  readonly overrides?: AssistantOverrides;
  readonly onProgress?: (done: number, total: number) => void;
}

const RESULTS = 10;
const CHUNK = 2_000;

const byKind = <A extends { kind?: string | undefined }>(
  items: ReadonlyArray<A>,
  ranks: ReadonlyArray<number | null>,
) =>
  Object.fromEntries(
    [
      ...groupBy(
        items.map((item, i) => ({ kind: item.kind ?? 'default', rank: ranks[i] ?? null })),
        (x) => x.kind,
      ),
    ].map(([kind, group]) => [kind, rankMetrics(group.map((g) => g.rank))]),
  );

const unwrap = async <A>(task: () => Promise<E.Either<{ _tag: string }, A>>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`evaluation step failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

/**
 * Loads the set into a fresh in-memory assistant (sql.js, the configured embedder), runs
 * every query through SearchFaq and ProcessMessage's answer decision, and the same
 * queries through a plain BM25 baseline.
 */
export const runEvaluation = async (set: EvalSet, options: EvaluationOptions = {}): Promise<EvaluationReport> => {
  const started = Date.now();
  const assistant = await createAssistant(
    { ...options.config, storage: { kind: 'sqljs', file: null } },
    options.overrides,
  );
  try {
    const setIdOf = new Map<number, string>();
    for (let i = 0; i < set.faq.length; i += CHUNK) {
      const chunk = set.faq.slice(i, i + CHUNK);
      const added = await assistant.addKnowledgeBulk({
        entries: chunk.map((f) => ({
          question: f.question,
          answer: f.answer,
          category: f.category ?? null,
          keywords: f.keywords ?? null,
        })),
      });
      added.forEach((entry, n) => setIdOf.set(entry.id, chunk[n]?.id ?? ''));
    }
    const total = set.queries.length + set.out_of_scope.length;
    const search = async (query: string): Promise<FaqSearchResult> =>
      unwrap(assistant.useCases.searchFaq({ query, limit: RESULTS, ...(options.mode ? { mode: options.mode } : {}) }));

    const inScope: Array<{ rank: number | null; confidence: number; correctTop: boolean; result: FaqSearchResult }> =
      [];
    for (const [i, q] of set.queries.entries()) {
      const result = await search(q.text);
      const ids = result.hits.map((h) => setIdOf.get(h.entry.id) ?? '');
      inScope.push({
        rank: rankOf(ids, q.expected),
        confidence: result.hits[0]?.confidence ?? 0,
        correctTop: ids[0] === q.expected,
        result,
      });
      options.onProgress?.(i + 1, total);
    }
    const outOfScope: Array<{ confidence: number; result: FaqSearchResult }> = [];
    for (const [i, text] of set.out_of_scope.entries()) {
      const result = await search(text);
      outOfScope.push({ confidence: result.hits[0]?.confidence ?? 0, result });
      options.onProgress?.(set.queries.length + i + 1, total);
    }

    const mode = inScope[0]?.result.mode ?? outOfScope[0]?.result.mode ?? 'text';
    const threshold = options.threshold ?? inScope[0]?.result.threshold ?? outOfScope[0]?.result.threshold ?? 0;
    const decide = (r: FaqSearchResult) => confidentHit({ ...r, threshold }) !== null;
    const answered = inScope.filter((q) => decide(q.result));
    const rows = (t: number): CalibrationRow => {
      const n = Math.max(inScope.length, 1);
      return {
        threshold: t,
        answered_correct: inScope.filter((q) => q.correctTop && q.confidence >= t).length / n,
        answered_wrong: inScope.filter((q) => !q.correctTop && q.confidence >= t).length / n,
        out_of_scope_rejection:
          outOfScope.length === 0 ? 1 : outOfScope.filter((q) => q.confidence < t).length / outOfScope.length,
      };
    };
    const table = Array.from({ length: 101 }, (_, i) => rows(Math.round(i) / 100));
    const recommended =
      outOfScope.length === 0
        ? null
        : table.reduce((best, row) =>
            row.answered_correct + row.out_of_scope_rejection > best.answered_correct + best.out_of_scope_rejection
              ? row
              : best,
          ).threshold;

    const bm25 = bm25Index(set.faq.map((f) => `${f.question} ${f.keywords ?? ''}`));
    const bm25Ranks = set.queries.map((q) =>
      rankOf(
        bm25.search(q.text, RESULTS).map((doc) => set.faq[doc]?.id ?? ''),
        q.expected,
      ),
    );
    const ranks = inScope.map((q) => q.rank);

    return {
      mode,
      embedder:
        mode === 'text' ? null : (options.overrides?.embedder?.model ?? options.config?.embedder?.kind ?? 'offline'),
      threshold,
      faq_entries: set.faq.length,
      ...rankMetrics(ranks),
      by_kind: byKind(set.queries, ranks),
      out_of_scope_rejection:
        outOfScope.length === 0 ? null : outOfScope.filter((q) => !decide(q.result)).length / outOfScope.length,
      answered_correct: answered.filter((q) => q.correctTop).length / Math.max(inScope.length, 1),
      answered_wrong: answered.filter((q) => !q.correctTop).length / Math.max(inScope.length, 1),
      bm25: { ...rankMetrics(bm25Ranks), by_kind: byKind(set.queries, bm25Ranks) },
      calibration: { recommended, table },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await assistant.close();
  }
};
