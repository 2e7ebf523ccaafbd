import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Category, Limit, nullable, struct, text } from '../domain/codecs.js';
import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import { analyzeText } from '../domain/text-analysis.js';
import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeBase, KnowledgeQuery, ScoredEntry } from '../ports/knowledge-base.js';
import type { AssistantSettings } from './settings.js';
import { decodeInput } from './decode-input.js';

export const SearchFaqInput = struct(
  'SearchFaqInput',
  { query: text(10_000) },
  {
    category: nullable(Category),
    limit: Limit,
    /** The specification's `use_vector`: false forces full-text search. */
    useVector: t.boolean,
  },
);
export type SearchFaqInput = t.TypeOf<typeof SearchFaqInput>;

export type SearchMode = 'vector' | 'text';

export interface FaqHit {
  readonly entry: KnowledgeEntry;
  /** The adapter's raw score (cosine similarity, or text relevance). */
  readonly score: number;
  /**
   * Comparable across adapters: the cosine similarity in vector mode; in text mode the
   * share of the query's words that the entry's question and keywords contain.
   */
  readonly confidence: number;
}

export interface FaqSearchResult {
  readonly mode: SearchMode;
  /** The confidence at or above which the assistant answers from a hit. */
  readonly threshold: number;
  readonly hits: ReadonlyArray<FaqHit>;
}

const DEFAULT_LIMIT = 5;

/** Share of the query's distinct terms that occur in the entry's question and keywords. */
export const termCoverage = (query: string, entry: KnowledgeEntry): number => {
  const queryTerms = new Set(analyzeText(query));
  if (queryTerms.size === 0) return 0;
  const entryTerms = new Set(analyzeText(`${entry.question} ${entry.keywords ?? ''}`));
  let found = 0;
  for (const term of queryTerms) if (entryTerms.has(term)) found++;
  return found / queryTerms.size;
};

interface Deps {
  readonly knowledge: KnowledgeBase;
  readonly embedder: Embedder | null;
  readonly settings: AssistantSettings;
}

const textSearch = (deps: Deps, query: string, options: KnowledgeQuery): TE.TaskEither<StorageUnavailable, FaqSearchResult> =>
  pipe(
    deps.knowledge.searchByText(query, options),
    TE.map((rows) => ({
      mode: 'text' as const,
      threshold: deps.settings.textConfidenceThreshold,
      hits: rows.map((r: ScoredEntry) => ({ entry: r.entry, score: r.score, confidence: termCoverage(query, r.entry) })),
    })),
  );

/**
 * The specification's `search_knowledge`. Vector search when an embedder is configured
 * and `useVector` is not false; full-text search otherwise, and also when embedding the
 * query fails or no entry has a vector yet, so search keeps working with the provider
 * down. Active entries only, most relevant first, then by priority.
 */
export const makeSearchFaq =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, FaqSearchResult> =>
    pipe(
      decodeInput(SearchFaqInput, input),
      TE.flatMap((i) => {
        const options: KnowledgeQuery = { category: i.category ?? null, limit: i.limit ?? DEFAULT_LIMIT };
        const embedder = i.useVector === false ? null : deps.embedder;
        if (!embedder) return textSearch(deps, i.query, options);
        return pipe(
          embedder.embed([i.query]),
          TE.map((vectors) => vectors[0] ?? null),
          TE.orElseW(() => TE.right(null)),
          TE.flatMap((vector) => (vector ? deps.knowledge.searchByVector(vector, options) : TE.right(null))),
          TE.flatMap((rows) =>
            rows && rows.length > 0
              ? TE.right<StorageUnavailable, FaqSearchResult>({
                  mode: 'vector',
                  threshold: deps.settings.vectorConfidenceThreshold,
                  hits: rows.map((r) => ({ entry: r.entry, score: r.score, confidence: r.score })),
                })
              : textSearch(deps, i.query, options),
          ),
        );
      }),
    );
