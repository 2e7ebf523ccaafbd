import { describe, expect, it } from 'vitest';
import { makeSearchFaq } from '../../../src/application/search-faq.js';
import { defaultTextAnalyzer } from '../../../adapters/text/index.js';
import { DEFAULT_SETTINGS } from '../../../src/application/settings.js';
import type { KnowledgeBase, NewKnowledgeEntry } from '../../../src/ports/knowledge-base.js';
import { createFakeStorage } from '../../support/fake-storage.js';
import { right, stubEmbedder } from '../../support/test-doubles.js';

type SearchMethod = 'searchByVector' | 'searchByText' | 'searchHybrid';

/** The knowledge base with a tally of its search calls. */
const countingSearches = (knowledge: KnowledgeBase) => {
  const calls: SearchMethod[] = [];
  const counted: KnowledgeBase = {
    ...knowledge,
    searchByVector: (...args) => (calls.push('searchByVector'), knowledge.searchByVector(...args)),
    searchByText: (...args) => (calls.push('searchByText'), knowledge.searchByText(...args)),
    searchHybrid: (...args) => (calls.push('searchHybrid'), knowledge.searchHybrid(...args)),
  };
  return { counted, calls };
};

const entry = (question: string, embedding: Float32Array | null): NewKnowledgeEntry => ({
  question,
  answer: 'Ответ.',
  category: null,
  keywords: null,
  priority: 0,
  isActive: true,
  embedding,
  embeddingModel: embedding ? 'stub' : null,
});

const setUp = async (withVectors: boolean) => {
  const storage = createFakeStorage();
  const embedder = stubEmbedder();
  const questions = ['Оплата картой', 'Оплата картой', 'Оплата картой', 'Оплата картой', 'Доставка'];
  const vectors = await right(embedder.embed(questions));
  const added = await right(
    storage.repositories.knowledge.addMany(
      questions.map((q, i) => entry(q, withVectors ? (vectors[i] ?? null) : null)),
      new Date(),
    ),
  );
  // the last equal entry is the most helpful: a text page must still be the storage's first rows
  const last = added[3]!;
  for (let i = 0; i < 3; i++) await right(storage.repositories.knowledge.incrementHelpful(last.id));
  const { counted, calls } = countingSearches(storage.repositories.knowledge);
  const searchFaq = makeSearchFaq({
    knowledge: counted,
    embedder,
    textAnalyzer: defaultTextAnalyzer,
    settings: DEFAULT_SETTINGS,
  });
  return { searchFaq, calls };
};

describe('searchFaq in hybrid mode', () => {
  it('reads both channels with one storage call', async () => {
    const { searchFaq, calls } = await setUp(true);
    const result = await right(searchFaq({ query: 'оплата картой', limit: 2 }));
    expect(result.mode).toBe('hybrid');
    expect(result.hits).toHaveLength(2);
    expect(calls).toEqual(['searchHybrid']);
  });

  it('without vector hits gives exactly the text-mode result for the page', async () => {
    const { searchFaq, calls } = await setUp(false);
    for (const limit of [1, 2, 3, 10]) {
      calls.length = 0;
      const hybrid = await right(searchFaq({ query: 'оплата картой', limit }));
      expect(calls).toEqual(['searchHybrid']);
      expect(hybrid).toEqual(await right(searchFaq({ query: 'оплата картой', limit, mode: 'text' })));
      expect(hybrid.mode).toBe('text');
    }
  });

  it('vector mode still uses the vector search alone', async () => {
    const { searchFaq, calls } = await setUp(true);
    const result = await right(searchFaq({ query: 'оплата картой', mode: 'vector' }));
    expect(result.mode).toBe('vector');
    expect(calls).toEqual(['searchByVector']);
  });
});
