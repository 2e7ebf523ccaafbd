import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { KnowledgeEntryNotFound, VisitorNotFound } from '../domain/errors.js';
import type { Page } from './chat-sessions.js';
import type { StorageTask } from './storage-result.js';

/** An FAQ entry to insert, with its vector already computed (or null to store it without one). */
export interface NewKnowledgeEntry {
  readonly question: string;
  readonly answer: string;
  readonly category: string | null;
  readonly keywords: string | null;
  readonly priority: number;
  readonly isActive: boolean;
  /** Unit-length vector of `EMBEDDING_DIMENSIONS` floats, or null. */
  readonly embedding: Float32Array | null;
  readonly embeddingModel: string | null;
}

/** Fields to change; absent fields keep their value. */
export interface KnowledgePatch {
  readonly question?: string;
  readonly answer?: string;
  readonly category?: string | null;
  readonly keywords?: string | null;
  readonly priority?: number;
  readonly isActive?: boolean;
  /** Given together with `embeddingModel`. */
  readonly embedding?: Float32Array | null;
  readonly embeddingModel?: string | null;
}

/** What a search looks in and how many hits it returns. */
export interface KnowledgeQuery {
  /** Only entries of this category (exact match); null for all. */
  readonly category: string | null;
  readonly limit: number;
}

/** A search hit: the entry with the score the search gave it. */
export interface ScoredEntry {
  readonly entry: KnowledgeEntry;
  /** Vector search: cosine similarity in [-1, 1]. Text search: a relevance above 0, higher is better. */
  readonly score: number;
}

/** What one hybrid search read: each channel's hits, in that channel's own order. */
export interface HybridCandidates {
  /** Exactly what `searchByVector` returns for the same vector and query. */
  readonly byVector: ReadonlyArray<ScoredEntry>;
  /** Exactly what `searchByText` returns for the same text and query (empty when it has no searchable word). */
  readonly byText: ReadonlyArray<ScoredEntry>;
}

/** How many entries one category holds; `category` null counts the entries without one. */
export interface CategoryCount {
  readonly category: string | null;
  readonly count: number;
}

/** A page of the entry listing; inactive (hidden) entries are included only with `includeInactive`. */
export interface KnowledgeListQuery extends Page {
  readonly includeInactive: boolean;
}

/** How many entries (active or not) carry vectors of one embedder; `model` null: no vector. */
export interface EmbeddingModelCount {
  readonly model: string | null;
  readonly count: number;
}

/** Keyset page of entries whose vector is missing or was made by another embedder. */
export interface ReembedQuery {
  readonly exceptModel: string;
  /** Only entries with a larger id (0 for the first page). */
  readonly afterId: number;
  readonly limit: number;
}

/** What re-embedding an entry needs: the text its vector is made from. */
export interface ReembedCandidate {
  readonly id: number;
  readonly question: string;
  readonly keywords: string | null;
}

/** A new vector for an existing entry, with the embedder model that made it. */
export interface NewEmbedding {
  readonly id: number;
  /** Unit-length vector of `EMBEDDING_DIMENSIONS` floats. */
  readonly embedding: Float32Array;
  readonly embeddingModel: string;
}

/** Who casts a helpful vote: a visitor by numeric id, or by its public UUID (matched in any letter case). */
export type Voter = { readonly visitorId: number } | { readonly visitorUuid: string };

/** What recording a helpful vote did. */
export interface HelpfulVoteOutcome {
  /** False when this visitor had already voted for this entry: nothing changed. */
  readonly counted: boolean;
}

/**
 * The `knowledge_base` collection: FAQ entries with their embeddings. An entry's
 * `viewsCount` and `helpfulCount` are kept outside the entry's row, so counting never
 * rewrites it (docs/adr/0011-counters-beside-the-entries.md); reads return them as fields
 * of the entry all the same.
 */
export interface KnowledgeBase {
  /** Inserts all entries atomically, returning them in the given order. */
  addMany(entries: ReadonlyArray<NewKnowledgeEntry>, now: Date): StorageTask<ReadonlyArray<KnowledgeEntry>>;
  /**
   * Changes only the fields given in `patch` and sets `updated_at = now`, in one statement, returning the updated
   * entry. `KnowledgeEntryNotFound` when absent.
   */
  update(id: number, patch: KnowledgePatch, now: Date): StorageTask<KnowledgeEntry, KnowledgeEntryNotFound>;
  /** The entry with this id, active or not, or null when absent. */
  findById(id: number): StorageTask<KnowledgeEntry | null>;
  /** Entries by id ascending. */
  list(query: KnowledgeListQuery): StorageTask<ReadonlyArray<KnowledgeEntry>>;
  /**
   * Active entries that have an embedding, most similar first (cosine similarity),
   * ties broken by priority (higher first), then id. Returns up to `limit` rows even with
   * a category filter.
   */
  searchByVector(vector: Float32Array, query: KnowledgeQuery): StorageTask<ReadonlyArray<ScoredEntry>>;
  /**
   * Active entries sharing at least one word (after stemming) with `text` in their
   * question, keywords or answer, most relevant first, ties broken by priority then id.
   * Words match regardless of case and inflection ("доставка" finds "доставки").
   */
  searchByText(text: string, query: KnowledgeQuery): StorageTask<ReadonlyArray<ScoredEntry>>;
  /**
   * Both searches at once: exactly what `searchByVector(vector, query)` and
   * `searchByText(text, query)` return, read together in one consistent snapshot (one
   * statement on PostgreSQL, one round trip instead of two).
   */
  searchHybrid(vector: Float32Array, text: string, query: KnowledgeQuery): StorageTask<HybridCandidates>;
  /** Adds one to `viewsCount` atomically (no lost update under concurrency); the entry's row is not written. */
  incrementViews(id: number): StorageTask<void, KnowledgeEntryNotFound>;
  /** Adds one to `helpfulCount` atomically, whoever asks (for trusted callers: see `recordHelpfulVote`). */
  incrementHelpful(id: number): StorageTask<void, KnowledgeEntryNotFound>;
  /**
   * Records that `voter` found the entry helpful, once per visitor and entry: the first
   * vote adds one to `helpfulCount` in the same atomic step; a repeated vote, also a
   * concurrent one, changes nothing and returns `counted: false`.
   * `KnowledgeEntryNotFound` or `VisitorNotFound` when the entry or the visitor does not
   * exist. A visitor's votes are deleted with the visitor; the counts they made stay.
   */
  recordHelpfulVote(
    knowledgeId: number,
    voter: Voter,
  ): StorageTask<HelpfulVoteOutcome, KnowledgeEntryNotFound | VisitorNotFound>;
  /** Number of entries (active or not) per category, ordered by category with null last. */
  countByCategory(): StorageTask<ReadonlyArray<CategoryCount>>;
  /** Number of entries (active or not) per `embedding_model`, most first, then by model with null last. */
  embeddingModels(): StorageTask<ReadonlyArray<EmbeddingModelCount>>;
  /** Entries (active or not) whose `embedding_model` is null or not `exceptModel`, by id ascending. */
  listForReembed(query: ReembedQuery): StorageTask<ReadonlyArray<ReembedCandidate>>;
  /**
   * Writes each row's vector and model (and `updated_at = now`) atomically, all or none.
   * A row whose entry is gone, or already carries that model (an edit re-embedded it
   * meanwhile, from newer text), is skipped. Returns how many entries were written.
   */
  setEmbeddings(rows: ReadonlyArray<NewEmbedding>, now: Date): StorageTask<number>;
}
