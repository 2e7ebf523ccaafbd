/**
 * Share of the query's distinct terms that occur among the entry's terms (its question and
 * keywords, analysed by the same text analyser): a text-match confidence that is the same
 * whichever adapter found the entry.
 */
export const termCoverage = (queryTerms: ReadonlyArray<string>, entryTerms: ReadonlyArray<string>): number => {
  const query = new Set(queryTerms);
  if (query.size === 0) return 0;
  const entry = new Set(entryTerms);
  let found = 0;
  for (const term of query) if (entry.has(term)) found++;
  return found / query.size;
};
