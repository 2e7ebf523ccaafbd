import type { KnowledgeEntry } from './entities/knowledge-entry.js';
import { analyzeText } from './text-analysis.js';

/**
 * Share of the query's distinct stemmed terms that occur in the entry's question and
 * keywords: a text-match confidence that is the same whichever adapter found the entry.
 */
export const termCoverage = (query: string, entry: Pick<KnowledgeEntry, 'question' | 'keywords'>): number => {
  const queryTerms = new Set(analyzeText(query));
  if (queryTerms.size === 0) return 0;
  const entryTerms = new Set(analyzeText(`${entry.question} ${entry.keywords ?? ''}`));
  let found = 0;
  for (const term of queryTerms) if (entryTerms.has(term)) found++;
  return found / queryTerms.size;
};
