import { describe, expect, it } from 'vitest';
import { left, right, testAssistant } from '../../support/test-doubles.js';
import { SPEC_FAQ } from '../../../scripts/demo/spec-seed.js';

describe('addKnowledge', () => {
  it('embeds automatically and records the embedder', async () => {
    const { useCases, storage } = testAssistant();
    const e = await right(useCases.addKnowledge({ question: 'Как оформить заказ?', answer: 'Выберите товар...' }));
    expect(e).toMatchObject({ priority: 0, isActive: true, viewsCount: 0, helpfulCount: 0, category: null });
    expect(e.embeddingModel).toBe('stub-bag-of-stems-1024');
    expect(storage.tables().knowledge.get(e.id)?.embedding).toBeInstanceOf(Float32Array);
  });

  it('skips the embedding with autoEmbed: false', async () => {
    const { useCases, embedder } = testAssistant();
    const e = await right(useCases.addKnowledge({ question: 'Вопрос', answer: 'Ответ', autoEmbed: false }));
    expect(e.embeddingModel).toBeNull();
    expect(embedder?.state.calls).toBe(0);
  });

  it('stores the entry without a vector when the embedder is down (nothing lost)', async () => {
    const { useCases, embedder } = testAssistant();
    embedder!.state.failing = true;
    const e = await right(useCases.addKnowledge({ question: 'Как оформить заказ?', answer: 'Выберите товар' }));
    expect(e.embeddingModel).toBeNull();
    const found = await right(useCases.searchFaq({ query: 'оформить заказ' }));
    expect(found.hits[0]?.entry.id).toBe(e.id);
  });

  it('adds in bulk, in order, embedding in batches', async () => {
    const { useCases, embedder } = testAssistant();
    const entries = Array.from({ length: 130 }, (_, i) => ({ question: `Question ${i}`, answer: `Answer ${i}` }));
    const added = await right(useCases.addKnowledgeBulk({ entries }));
    expect(added.map((e) => e.question)).toEqual(entries.map((e) => e.question));
    expect(embedder?.state.calls).toBe(3);
    const bad = await left(
      useCases.addKnowledgeBulk({ entries: [{ question: 'ok', answer: 'ok' }, { question: '' }] }),
      'ValidationError',
    );
    expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['entries.1.question', 'entries.1.answer']));
  });

  it('updates, re-embeds a changed question, deactivates and counts helpful answers', async () => {
    const { useCases, storage, clock } = testAssistant();
    const e = await right(useCases.addKnowledge({ question: 'Старый вопрос', answer: 'Ответ', category: 'Оплата' }));
    const before = storage.tables().knowledge.get(e.id)?.embedding;
    clock.advance(10);
    const updated = await right(
      useCases.updateKnowledge({ id: e.id, question: 'Новый вопрос про доставку', priority: 5 }),
    );
    expect(updated).toMatchObject({
      question: 'Новый вопрос про доставку',
      priority: 5,
      answer: 'Ответ',
      category: 'Оплата',
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(e.updatedAt.getTime());
    expect(storage.tables().knowledge.get(e.id)?.embedding).not.toEqual(before);
    await right(useCases.markAnswerHelpful({ id: e.id }));
    await right(useCases.markAnswerHelpful({ id: e.id }));
    const off = await right(useCases.deactivateKnowledge({ id: e.id }));
    expect(off).toMatchObject({ isActive: false, helpfulCount: 2 });
    expect((await right(useCases.searchFaq({ query: 'доставку', useVector: false }))).hits).toHaveLength(0);
    await left(useCases.updateKnowledge({ id: 999, answer: 'x' }), 'KnowledgeEntryNotFound');
    await left(useCases.markAnswerHelpful({ id: 999 }), 'KnowledgeEntryNotFound');
  });

  it('drops the vector of an entry whose question changes without re-embedding, so reembed refills it', async () => {
    const { useCases, storage } = testAssistant();
    const e = await right(
      useCases.addKnowledge({ question: 'Сколько стоит доставка по Москве?', answer: 'Бесплатно' }),
    );
    const changed = await right(
      useCases.updateKnowledge({ id: e.id, question: 'Какие способы оплаты?', autoEmbed: false }),
    );
    expect(changed.embeddingModel).toBeNull();
    expect(storage.tables().knowledge.get(e.id)?.embedding).toBeNull();
    expect((await right(useCases.checkEmbedder())).stale).toBe(1);
  });

  it('counts entries per category', async () => {
    const { useCases } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: [...SPEC_FAQ] }));
    expect(await right(useCases.faqCategoryStats())).toEqual([
      { category: 'Возвраты', count: 1 },
      { category: 'Доставка', count: 4 },
      { category: 'Оплата', count: 1 },
      { category: null, count: 1 },
    ]);
  });
});

describe('searchFaq', () => {
  const seeded = async (embedder = true) => {
    const t = testAssistant({ embedder });
    await right(t.useCases.addKnowledgeBulk({ entries: [...SPEC_FAQ] }));
    return t;
  };

  it('uses hybrid search when an embedder is configured, vector or text on request, text without one', async () => {
    const t = await seeded();
    expect((await right(t.useCases.searchFaq({ query: 'доставка' }))).mode).toBe('hybrid');
    expect((await right(t.useCases.searchFaq({ query: 'доставка', mode: 'vector' }))).mode).toBe('vector');
    expect((await right(t.useCases.searchFaq({ query: 'доставка', mode: 'text' }))).mode).toBe('text');
    expect((await right(t.useCases.searchFaq({ query: 'доставка', useVector: false }))).mode).toBe('text');
    const plain = await seeded(false);
    expect((await right(plain.useCases.searchFaq({ query: 'доставка' }))).mode).toBe('text');
  });

  it('falls back to text search when the embedder fails', async () => {
    const t = await seeded();
    t.embedder!.state.failing = true;
    const r = await right(t.useCases.searchFaq({ query: 'способы оплаты' }));
    expect(r.mode).toBe('text');
    expect(r.hits[0]?.entry.question).toBe('Какие способы оплаты доступны?');
  });

  it('filters by category and limits the results', async () => {
    const t = await seeded();
    const r = await right(t.useCases.searchFaq({ query: 'доставка заказ', category: 'Доставка', limit: 3 }));
    expect(r.hits.length).toBeLessThanOrEqual(3);
    expect(r.hits.every((h) => h.entry.category === 'Доставка')).toBe(true);
    const card = await right(t.useCases.searchFaq({ query: 'карта', category: 'Оплата', limit: 3, useVector: false }));
    expect(card.hits.map((h) => h.entry.question)).toEqual(['Какие способы оплаты доступны?']);
  });

  it('breaks relevance ties by priority', async () => {
    const t = testAssistant({ embedder: false });
    await right(t.useCases.addKnowledge({ question: 'Доставка курьером', answer: 'a', priority: 1 }));
    const high = await right(t.useCases.addKnowledge({ question: 'Доставка курьером', answer: 'b', priority: 9 }));
    expect((await right(t.useCases.searchFaq({ query: 'доставка курьером' }))).hits[0]?.entry.id).toBe(high.id);
  });

  it('fuses both channels: each hit carries its signals, confidence and margin', async () => {
    const t = await seeded();
    const r = await right(t.useCases.searchFaq({ query: 'Какие способы оплаты доступны?' }));
    const [best, next] = r.hits;
    expect(best?.entry.question).toBe('Какие способы оплаты доступны?');
    expect(best?.signals.vector?.rank).toBe(1);
    expect(best?.signals.text?.rank).toBe(1);
    expect(best?.signals.text?.coverage).toBe(1);
    expect(best?.score).toBeCloseTo(2 / 61, 10);
    expect(best?.confidence).toBeGreaterThanOrEqual(r.threshold);
    expect(best?.margin).toBeCloseTo((best?.confidence ?? 0) - (next?.confidence ?? 0), 10);
  });

  it('ranks an entry both channels found above one only a single channel found', async () => {
    const t = testAssistant();
    // the stub embedder makes "Оплата картой" and "Оплата наличными" similar; only one shares the word "наличными"
    const cash = await right(t.useCases.addKnowledge({ question: 'Оплата наличными', answer: 'Да' }));
    await right(t.useCases.addKnowledge({ question: 'Оплата картой онлайн', answer: 'Да' }));
    const r = await right(t.useCases.searchFaq({ query: 'наличными можно?' }));
    expect(r.hits[0]?.entry.id).toBe(cash.id);
    expect(r.hits[0]?.signals.text).not.toBeNull();
  });

  it('validates its input', async () => {
    const t = testAssistant();
    expect((await left(t.useCases.searchFaq({ query: '' }), 'ValidationError')).path).toBe('query');
    expect((await left(t.useCases.searchFaq({ query: 'x', limit: 0 }), 'ValidationError')).path).toBe('limit');
    expect((await left(t.useCases.searchFaq({ query: 'x', useVector: 'no' }), 'ValidationError')).path).toBe(
      'useVector',
    );
    expect((await left(t.useCases.searchFaq({ query: 'x', mode: 'semantic' }), 'ValidationError')).path).toBe('mode');
  });
});
