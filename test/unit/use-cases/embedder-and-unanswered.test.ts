import * as TE from 'fp-ts/lib/TaskEither.js';
import { describe, expect, it } from 'vitest';
import { describeStaleEmbeddings, makeCheckEmbedder } from '../../../src/application/check-embedder.js';
import { makeReembed } from '../../../src/application/reembed.js';
import { unansweredQuestionOf } from '../../../src/application/unanswered-questions.js';
import { embeddingFailed } from '../../../src/domain/errors.js';
import type { Embedder } from '../../../src/ports/embedder.js';
import { entry } from '../../contract/storage-contract.js';
import { createFakeStorage } from '../../support/fake-storage.js';
import { fixedClock, left, right, stubEmbedder, testAssistant } from '../../support/test-doubles.js';

/** The stub embedder under another model name: what a change of embedder looks like. */
const renamed = (model: string, base = stubEmbedder()) => {
  const state = { calls: 0, failFromCall: Number.POSITIVE_INFINITY, batches: [] as number[] };
  const embedder: Embedder = {
    model,
    dimensions: base.dimensions,
    embed: (texts) => {
      state.calls++;
      state.batches.push(texts.length);
      return state.calls >= state.failFromCall ? TE.left(embeddingFailed('provider returned 503')) : base.embed(texts);
    },
  };
  return Object.assign(embedder, { state });
};

const faq = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    question: `Вопрос номер ${i} про доставку`,
    answer: `Ответ ${i}`,
    keywords: i % 2 ? `ключ${i}` : null,
  }));

describe('listUnansweredQuestions and the count ProcessMessage keeps', () => {
  it('counts repeats under the normalised text, keeps the latest wording, lists most asked first', async () => {
    const { useCases, clock } = testAssistant();
    const chat = await right(useCases.startChat({}));
    const ask = (message: string) => right(useCases.processMessage({ sessionId: chat.session.id, message }));
    expect((await ask('Где мой заказ?')).source).not.toBe('faq');
    clock.advance(60);
    await ask('где  мой ЗАКАЗ!!');
    await ask('Можно оплатить биткоином?');
    const listed = await right(useCases.listUnansweredQuestions({}));
    expect(listed.map((q) => [q.normalizedText, q.count, q.exampleText])).toEqual([
      ['где мой заказ', 2, 'где  мой ЗАКАЗ!!'],
      ['можно оплатить биткоином', 1, 'Можно оплатить биткоином?'],
    ]);
    expect(await right(useCases.listUnansweredQuestions({ limit: 1, offset: 1 }))).toHaveLength(1);
  });

  it('counts a retried message once, and punctuation-only text not at all', async () => {
    const { useCases, storage } = testAssistant();
    const chat = await right(useCases.startChat({}));
    for (let i = 0; i < 3; i++) {
      await right(
        useCases.processMessage({ sessionId: chat.session.id, message: 'Где мой заказ?', clientMessageId: 'm1' }),
      );
    }
    await right(useCases.processMessage({ sessionId: chat.session.id, message: '?!' }));
    expect([...storage.tables().unanswered.values()].map((q) => [q.normalizedText, q.count])).toEqual([
      ['где мой заказ', 1],
    ]);
    expect(unansweredQuestionOf('?!')).toBeNull();
  });

  it('keeps a long example shortened, by code points', () => {
    const counted = unansweredQuestionOf('а'.repeat(5_000));
    expect(Array.from(counted!.exampleText)).toHaveLength(1_000);
    expect(counted!.normalizedText.length).toBeGreaterThan(0);
  });

  it('validates its input with field paths', async () => {
    const { useCases } = testAssistant();
    expect((await left(useCases.listUnansweredQuestions({ limit: 0 }), 'ValidationError')).path).toBe('limit');
    expect((await left(useCases.listUnansweredQuestions({ offset: -1 }), 'ValidationError')).path).toBe('offset');
  });
});

describe('checkEmbedder', () => {
  it('reports nothing stale when every vector comes from the configured embedder', async () => {
    const { useCases } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: faq(3) }));
    expect(await right(useCases.checkEmbedder())).toEqual({
      configured: 'stub-bag-of-stems-1024',
      stored: [{ model: 'stub-bag-of-stems-1024', count: 3 }],
      stale: 0,
      message: null,
    });
  });

  it('names the old embedder, the count and the command after a change of embedder', async () => {
    const { useCases, storage } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: faq(40) }));
    const check = makeCheckEmbedder({
      knowledge: storage.repositories.knowledge,
      embedder: renamed('text-embedding-3-small@1024'),
    });
    const result = await right(check());
    expect(result.stale).toBe(40);
    expect(result.message).toBe(
      '40 of 40 FAQ entries were embedded with stub-bag-of-stems-1024, but the configured embedder is text-embedding-3-small@1024: run `web-assistant reembed`.',
    );
  });

  it('counts entries without a vector as stale, and says nothing without an embedder', async () => {
    const { useCases, storage } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: faq(2), autoEmbed: false }));
    expect((await right(useCases.checkEmbedder())).message).toBe(
      '2 of 2 FAQ entries have no vector, but the configured embedder is stub-bag-of-stems-1024: run `web-assistant reembed`.',
    );
    const none = await right(makeCheckEmbedder({ knowledge: storage.repositories.knowledge, embedder: null })());
    expect(none).toMatchObject({ configured: null, stale: 0, message: null });
  });

  it('describes several stale groups in one sentence', () => {
    expect(
      describeStaleEmbeddings('new@1024', [
        { model: 'old-a', count: 12 },
        { model: 'new@1024', count: 25 },
        { model: null, count: 3 },
      ]),
    ).toBe(
      '15 of 40 FAQ entries were not embedded with the configured embedder new@1024 (12 with old-a, 3 without a vector): run `web-assistant reembed`.',
    );
    expect(describeStaleEmbeddings('m', [{ model: 'x', count: 1 }])).toBe(
      '1 of 1 FAQ entry was embedded with x, but the configured embedder is m: run `web-assistant reembed`.',
    );
  });
});

describe('reembed', () => {
  it('re-embeds stale entries in batches, reports progress, and then nothing is stale', async () => {
    const { useCases, storage } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: faq(10) }));
    await right(useCases.addKnowledgeBulk({ entries: faq(3), autoEmbed: false }));
    const next = renamed('next-model');
    const clock = fixedClock('2026-01-01T00:00:00.000Z');
    const reembed = makeReembed({ knowledge: storage.repositories.knowledge, embedder: next, clock });
    const progress: Array<[number, number]> = [];
    const result = await right(reembed({ batchSize: 4 }, (done, total) => progress.push([done, total])));
    expect(result).toEqual({ reembedded: 13, failed: 0 });
    expect(next.state.batches).toEqual([4, 4, 4, 1]);
    expect(progress).toEqual([
      [0, 13],
      [4, 13],
      [8, 13],
      [12, 13],
      [13, 13],
    ]);
    const check = await right(makeCheckEmbedder({ knowledge: storage.repositories.knowledge, embedder: next })());
    expect(check).toMatchObject({ stale: 0, message: null, stored: [{ model: 'next-model', count: 13 }] });
    const row = storage.tables().knowledge.get(1);
    expect(row?.updatedAt).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    // the new vector is the one searched: the same text embedded by the same stub scores 1
    const [vector] = (await right(next.embed(['Вопрос номер 0 про доставку']))) as Float32Array[];
    const hits = await right(storage.repositories.knowledge.searchByVector(vector!, { category: null, limit: 1 }));
    expect(hits[0]?.score).toBeCloseTo(1, 5);
  });

  it('stops with EmbeddingFailed when the embedder fails mid-way, keeping the batches already written', async () => {
    const { useCases, storage } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: faq(10) }));
    const next = renamed('next-model');
    next.state.failFromCall = 3;
    const reembed = makeReembed({ knowledge: storage.repositories.knowledge, embedder: next, clock: fixedClock() });
    const error = await left(reembed({ batchSize: 3 }), 'EmbeddingFailed');
    expect(error.message).toContain('provider returned 503');
    expect(error.message).toContain('after 6 entries');
    const models = await right(storage.repositories.knowledge.embeddingModels());
    expect(models).toEqual([
      { model: 'next-model', count: 6 },
      { model: 'stub-bag-of-stems-1024', count: 4 },
    ]);
    // a second run continues where the first stopped
    next.state.failFromCall = Number.POSITIVE_INFINITY;
    expect(await right(reembed({ batchSize: 3 }))).toEqual({ reembedded: 4, failed: 0 });
  });

  it('counts unusable vectors and vanished entries as failed, without looping on them', async () => {
    const storage = createFakeStorage();
    const clock = fixedClock();
    await right(
      storage.repositories.knowledge.addMany(
        [1, 2, 3].map((i) => entry({ question: `q${i}`, answer: 'a' })),
        clock.now(),
      ),
    );
    const base = stubEmbedder();
    const broken: Embedder = {
      model: 'broken',
      dimensions: 1024,
      // the second text gets a vector of the wrong size
      embed: (texts) =>
        TE.map((vs: ReadonlyArray<Float32Array>) => vs.map((v, i) => (i === 1 ? v.slice(0, 10) : v)))(
          base.embed(texts),
        ),
    };
    const result = await right(makeReembed({ knowledge: storage.repositories.knowledge, embedder: broken, clock })({}));
    expect(result).toEqual({ reembedded: 2, failed: 1 });
    expect(
      await right(storage.repositories.knowledge.listForReembed({ exceptModel: 'broken', afterId: 0, limit: 10 })),
    ).toHaveLength(1);
  });

  it('needs an embedder and validates its batch size', async () => {
    const { storage } = testAssistant();
    const none = makeReembed({ knowledge: storage.repositories.knowledge, embedder: null, clock: fixedClock() });
    expect((await left(none({}), 'EmbeddingFailed')).message).toContain('no embedder is configured');
    const { useCases } = testAssistant();
    expect((await left(useCases.reembed({ batchSize: 0 }), 'ValidationError')).path).toBe('batchSize');
    expect((await left(useCases.reembed({ batchSize: 1.5 }), 'ValidationError')).path).toBe('batchSize');
  });

  it('does nothing when nothing is stale', async () => {
    const { useCases, embedder } = testAssistant();
    await right(useCases.addKnowledgeBulk({ entries: faq(2) }));
    const calls = embedder!.state.calls;
    expect(await right(useCases.reembed({}))).toEqual({ reembedded: 0, failed: 0 });
    expect(embedder!.state.calls).toBe(calls);
  });
});
