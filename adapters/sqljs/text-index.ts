import { analyzeText } from '../text/text-analysis.js';
import type { KnowledgeMeta, SearchFilter } from './knowledge-meta.js';
import { TopK, type RankedId } from './ranking.js';

export interface SearchableText {
  readonly question: string;
  readonly keywords: string | null;
  readonly answer: string;
}

/** A word in the question or keywords says more about what an entry is about than one in the answer. */
const FIELD_WEIGHTS = { question: 3, keywords: 2, answer: 1 } as const;
// the usual BM25 constants
const K1 = 1.2;
const B = 0.75;

interface IndexedDocument {
  /** Weighted count of each term in the entry. */
  readonly terms: ReadonlyMap<string, number>;
  readonly length: number;
  meta: KnowledgeMeta;
}

/**
 * BM25 over the stemmed terms of question, keywords and answer, kept in memory.
 * SQLite in sql.js has FTS3/4 only and no Russian stemmer, while `analyzeText` (shared
 * with the offline embedder) already folds case and inflection.
 */
export class TextIndex {
  private readonly documents = new Map<number, IndexedDocument>();
  private readonly postings = new Map<string, Set<number>>();
  private totalLength = 0;

  clear(): void {
    this.documents.clear();
    this.postings.clear();
    this.totalLength = 0;
  }

  put(id: number, text: SearchableText, meta: KnowledgeMeta): void {
    this.remove(id);
    const terms = new Map<string, number>();
    let length = 0;
    const add = (fieldText: string | null, weight: number) => {
      if (fieldText === null) return;
      for (const term of analyzeText(fieldText)) {
        terms.set(term, (terms.get(term) ?? 0) + weight);
        length += weight;
      }
    };
    add(text.question, FIELD_WEIGHTS.question);
    add(text.keywords, FIELD_WEIGHTS.keywords);
    add(text.answer, FIELD_WEIGHTS.answer);
    this.documents.set(id, { terms, length, meta });
    this.totalLength += length;
    for (const term of terms.keys()) {
      let ids = this.postings.get(term);
      if (!ids) this.postings.set(term, (ids = new Set()));
      ids.add(id);
    }
  }

  setMeta(id: number, meta: KnowledgeMeta): void {
    const document = this.documents.get(id);
    if (document) document.meta = meta;
  }

  remove(id: number): void {
    const document = this.documents.get(id);
    if (!document) return;
    this.documents.delete(id);
    this.totalLength -= document.length;
    for (const term of document.terms.keys()) {
      const ids = this.postings.get(term);
      ids?.delete(id);
      if (ids?.size === 0) this.postings.delete(term);
    }
  }

  search(query: string, filter: SearchFilter): ReadonlyArray<RankedId> {
    const queryTerms = [...new Set(analyzeText(query))];
    const documentCount = this.documents.size;
    if (queryTerms.length === 0 || documentCount === 0) return [];
    const averageLength = this.totalLength / documentCount || 1;
    const scores = new Map<number, number>();
    for (const term of queryTerms) {
      const ids = this.postings.get(term);
      if (!ids) continue;
      // BM25's idf with the +1 inside the log stays positive even for very common terms
      const idf = Math.log(1 + (documentCount - ids.size + 0.5) / (ids.size + 0.5));
      for (const id of ids) {
        const document = this.documents.get(id);
        if (!document || !matches(document.meta, filter)) continue;
        const frequency = document.terms.get(term) ?? 0;
        const norm = K1 * (1 - B + (B * document.length) / averageLength);
        scores.set(id, (scores.get(id) ?? 0) + (idf * frequency * (K1 + 1)) / (frequency + norm));
      }
    }
    const top = new TopK(filter.limit);
    for (const [id, score] of scores) {
      const document = this.documents.get(id);
      if (document && score > 0) top.offer({ id, score, priority: document.meta.priority });
    }
    return top.best();
  }
}

const matches = (meta: KnowledgeMeta, filter: SearchFilter): boolean =>
  meta.isActive && (filter.category === null || meta.category === filter.category);
