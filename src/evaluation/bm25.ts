import { analyzeText } from '../../adapters/text/text-analysis.js';

/**
 * Plain Okapi BM25 (k1 = 1.2, b = 0.75) over stemmed question + keywords: the baseline the
 * assistant's search is compared with, kept independent of either storage adapter.
 */
export const bm25Index = (documents: ReadonlyArray<string>) => {
  const k1 = 1.2;
  const b = 0.75;
  const docs = documents.map((d) => analyzeText(d));
  const avgLength = docs.reduce((s, d) => s + d.length, 0) / Math.max(docs.length, 1);
  const postings = new Map<string, Array<{ doc: number; tf: number }>>();
  docs.forEach((terms, doc) => {
    const tf = new Map<string, number>();
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    for (const [term, count] of tf) {
      const list = postings.get(term) ?? [];
      list.push({ doc, tf: count });
      postings.set(term, list);
    }
  });
  const n = docs.length;
  return {
    /** Indexes of the best `limit` documents, best first (ties by index). */
    search: (query: string, limit: number): number[] => {
      const scores = new Map<number, number>();
      for (const term of new Set(analyzeText(query))) {
        const list = postings.get(term);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        for (const { doc, tf } of list) {
          const length = docs[doc]?.length ?? 0;
          const s = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avgLength));
          scores.set(doc, (scores.get(doc) ?? 0) + s);
        }
      }
      return [...scores.entries()]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, limit)
        .map(([doc]) => doc);
    },
  };
};
