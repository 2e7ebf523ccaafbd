import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Category, Limit, nullable, struct, text } from '../domain/codecs.js';
import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import { termCoverage } from '../domain/faq-ranking.js';
import type { Embedder } from '../ports/embedder.js';
import type { HybridCandidates, KnowledgeBase, KnowledgeQuery, ScoredEntry } from '../ports/knowledge-base.js';
import type { TextAnalyzer } from '../ports/text-analyzer.js';
import { decodeInput } from './decode-input.js';
import type { AssistantSettings } from './settings.js';

export const SEARCH_MODES = ['hybrid', 'vector', 'text'] as const;
/** How SearchFaq searched: `hybrid` (vector and text results fused), `vector` only or `text` only. */
export type SearchMode = (typeof SEARCH_MODES)[number];

export const SearchFaqInput = struct(
  'SearchFaqInput',
  { query: text(10_000) },
  {
    category: nullable(Category),
    limit: Limit,
    /** `hybrid` (default with an embedder), `vector` or `text`. */
    mode: t.keyof({ hybrid: null, vector: null, text: null }),
    /** The specification's `use_vector`: false forces full-text search. */
    useVector: t.boolean,
  },
);
export type SearchFaqInput = t.TypeOf<typeof SearchFaqInput>;

/** What each search channel said about a hit. */
export interface HitSignals {
  /** Rank (1-based) and cosine similarity in the vector channel, when it found the entry. */
  readonly vector: { readonly rank: number; readonly similarity: number } | null;
  /** Rank, the adapter's text score, and the share of query words the entry's question and keywords contain. */
  readonly text: { readonly rank: number; readonly score: number; readonly coverage: number } | null;
}

/** One FAQ search hit: the entry, its ranking score and confidence, and what each search channel said about it. */
export interface FaqHit {
  readonly entry: KnowledgeEntry;
  /** The ranking score: reciprocal-rank fusion in hybrid mode, else the channel's own score. */
  readonly score: number;
  /** Comparable across adapters and used against the mode's threshold (see ADR 0007). */
  readonly confidence: number;
  readonly signals: HitSignals;
  /** Confidence above the next hit's (the runner-up's for the first hit); the last hit's is its confidence. */
  readonly margin: number;
}

/** What SearchFaq found: the hits, best first, with the mode that produced them and the confidence needed to answer. */
export interface FaqSearchResult {
  readonly mode: SearchMode;
  /** The confidence at or above which the assistant answers from the first hit. */
  readonly threshold: number;
  readonly hits: ReadonlyArray<FaqHit>;
}

const DEFAULT_LIMIT = 5;
/** Reciprocal rank fusion constant (Cormack et al. 2009); dampens the weight of top ranks. */
export const RRF_K = 60;

interface Deps {
  readonly knowledge: KnowledgeBase;
  readonly embedder: Embedder | null;
  /** Terms for the text-match confidence (the same analyser as the in-memory text index). */
  readonly textAnalyzer: TextAnalyzer;
  readonly settings: AssistantSettings;
}

type Candidate = Omit<FaqHit, 'margin' | 'confidence'>;

const thresholdFor = (mode: SearchMode, settings: AssistantSettings) =>
  mode === 'hybrid'
    ? settings.hybridConfidenceThreshold
    : mode === 'vector'
      ? settings.vectorConfidenceThreshold
      : settings.textConfidenceThreshold;

/** Hybrid confidence: the vector similarity, lifted when the words of the question agree. */
export const hybridConfidence = (signals: HitSignals): number => {
  const similarity = signals.vector?.similarity ?? 0;
  const coverage = signals.text?.coverage ?? 0;
  return Math.max(similarity, (similarity + coverage) / 2);
};

const confidenceOf = (mode: SearchMode, c: Candidate): number =>
  mode === 'hybrid'
    ? hybridConfidence(c.signals)
    : mode === 'vector'
      ? (c.signals.vector?.similarity ?? 0)
      : (c.signals.text?.coverage ?? 0);

/** Breaks ties between equally relevant entries: priority first, then proven helpfulness, then age. */
const tieBreak = (a: KnowledgeEntry, b: KnowledgeEntry) =>
  b.priority - a.priority || b.helpfulCount - a.helpfulCount || a.id - b.id;

const finish = (
  mode: SearchMode,
  settings: AssistantSettings,
  candidates: ReadonlyArray<Candidate>,
  limit: number,
): FaqSearchResult => {
  const ranked = [...candidates]
    .sort((a, b) => b.score - a.score || tieBreak(a.entry, b.entry))
    .slice(0, limit)
    .map((c) => ({ ...c, confidence: confidenceOf(mode, c) }));
  return {
    mode,
    threshold: thresholdFor(mode, settings),
    hits: ranked.map((hit, i) => ({ ...hit, margin: hit.confidence - (ranked[i + 1]?.confidence ?? 0) })),
  };
};

const textSignals = (analyzer: TextAnalyzer, query: string, rows: ReadonlyArray<ScoredEntry>) => {
  const queryTerms = analyzer.terms(query);
  return new Map(
    rows.map((r, i) => [
      r.entry.id,
      {
        entry: r.entry,
        rank: i + 1,
        score: r.score,
        coverage: termCoverage(queryTerms, analyzer.terms(`${r.entry.question} ${r.entry.keywords ?? ''}`)),
      },
    ]),
  );
};

const vectorSignals = (rows: ReadonlyArray<ScoredEntry>) =>
  new Map(rows.map((r, i) => [r.entry.id, { entry: r.entry, rank: i + 1, similarity: r.score }]));

/** Reciprocal rank fusion of the two channels: an entry found by both ranks above one found by either. */
export const fuseByReciprocalRank = (
  vector: ReturnType<typeof vectorSignals>,
  textual: ReturnType<typeof textSignals>,
): Candidate[] => {
  const ids = new Set([...vector.keys(), ...textual.keys()]);
  return [...ids].map((id) => {
    const v = vector.get(id);
    const x = textual.get(id);
    const entry = (v?.entry ?? x?.entry) as KnowledgeEntry;
    return {
      entry,
      score: (v ? 1 / (RRF_K + v.rank) : 0) + (x ? 1 / (RRF_K + x.rank) : 0),
      signals: {
        vector: v ? { rank: v.rank, similarity: v.similarity } : null,
        text: x ? { rank: x.rank, score: x.score, coverage: x.coverage } : null,
      },
    };
  });
};

/** The text channel's result for a page of `limit` from its rows, best first. */
const textResult = (deps: Deps, query: string, rows: ReadonlyArray<ScoredEntry>, limit: number) =>
  finish(
    'text',
    deps.settings,
    [...textSignals(deps.textAnalyzer, query, rows).values()].map((x) => ({
      entry: x.entry,
      score: x.score,
      signals: { vector: null, text: { rank: x.rank, score: x.score, coverage: x.coverage } },
    })),
    limit,
  );

const textOnly = (deps: Deps, query: string, options: KnowledgeQuery) =>
  pipe(
    deps.knowledge.searchByText(query, options),
    TE.map((rows) => textResult(deps, query, rows, options.limit)),
  );

/**
 * Fuses both channels' rows, read `depth` deep. Without vector hits it is the text
 * result for the page: the text channel's order is total (score, priority, id), so its
 * first `limit` rows are what `searchByText` at the page limit returns.
 */
const hybridResult = (deps: Deps, query: string, candidates: HybridCandidates, limit: number) =>
  candidates.byVector.length === 0
    ? textResult(deps, query, candidates.byText.slice(0, limit), limit)
    : finish(
        'hybrid',
        deps.settings,
        fuseByReciprocalRank(
          vectorSignals(candidates.byVector),
          textSignals(deps.textAnalyzer, query, candidates.byText),
        ),
        limit,
      );

/** The query's vector, or null when the embedder is down (search then carries on by text). */
const embedQuery = (embedder: Embedder, query: string): TE.TaskEither<never, Float32Array | null> =>
  pipe(
    embedder.embed([query]),
    TE.map((vectors) => vectors[0] ?? null),
    TE.orElseW(() => TE.right(null)),
  );

/**
 * The specification's `search_knowledge`, made hybrid. With an embedder (default mode
 * `hybrid`): vector similarity and full text over question, keywords and answer, fused
 * by reciprocal rank; `vector` uses the vector channel only; `text` (or the
 * specification's `useVector: false`) the text channel only. Search falls back to text
 * when the embedder fails or no entry has a vector, so it keeps working with the
 * provider down. Active entries only; ties broken by priority, then helpfulness.
 */
export const makeSearchFaq =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, FaqSearchResult> =>
    pipe(
      decodeInput(SearchFaqInput, input),
      TE.flatMap((i) => {
        const options: KnowledgeQuery = { category: i.category ?? null, limit: i.limit ?? DEFAULT_LIMIT };
        const mode: SearchMode = i.useVector === false ? 'text' : (i.mode ?? 'hybrid');
        const embedder = deps.embedder;
        if (mode === 'text' || !embedder) return textOnly(deps, i.query, options);
        // each channel looks deeper than the page so fusion can promote entries both agree on
        const depth: KnowledgeQuery = {
          ...options,
          limit: mode === 'hybrid' ? Math.max(options.limit * 4, 20) : options.limit,
        };
        return pipe(
          embedQuery(embedder, i.query),
          TE.flatMap((vector) => {
            if (!vector) return textOnly(deps, i.query, options);
            if (mode === 'hybrid') {
              // one storage call (one statement on PostgreSQL) reads both channels
              return pipe(
                deps.knowledge.searchHybrid(vector, i.query, depth),
                TE.map((candidates) => hybridResult(deps, i.query, candidates, options.limit)),
              );
            }
            return pipe(
              deps.knowledge.searchByVector(vector, depth),
              TE.flatMap((vectorRows) =>
                vectorRows.length === 0
                  ? textOnly(deps, i.query, options)
                  : TE.right(
                      finish(
                        'vector',
                        deps.settings,
                        vectorRows.map((r, n) => ({
                          entry: r.entry,
                          score: r.score,
                          signals: { vector: { rank: n + 1, similarity: r.score }, text: null },
                        })),
                        options.limit,
                      ),
                    ),
              ),
            );
          }),
        );
      }),
    );

/** The specification's `search_knowledge`: the entries SearchFaq finds, best first, without scores. */
export const makeSearchKnowledge =
  (searchFaq: (input: unknown) => TE.TaskEither<ValidationError | StorageUnavailable, FaqSearchResult>) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<KnowledgeEntry>> =>
    pipe(
      searchFaq(input),
      TE.map((result) => result.hits.map((hit) => hit.entry)),
    );

/** ProcessMessage's decision: the first hit when it is confident enough, else none. */
export const confidentHit = (result: FaqSearchResult): FaqHit | null => {
  const best = result.hits[0];
  return best && best.confidence >= result.threshold ? best : null;
};
