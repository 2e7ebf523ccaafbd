/**
 * The contract of `KnowledgeBase.searchHybrid`, run against every storage adapter: it
 * returns exactly what `searchByVector` and `searchByText` return for the same arguments.
 * Kept apart from storage-contract.ts; called by the same adapter files.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSIONS } from '../../src/domain/entities/knowledge-entry.js';
import type { KnowledgeBase, KnowledgeQuery, NewKnowledgeEntry } from '../../src/ports/knowledge-base.js';
import type { Storage } from '../../src/ports/repositories.js';
import { right } from '../support/test-doubles.js';
import { entry, type StorageHarness } from './storage-contract.js';

const NOW = new Date(Date.UTC(2025, 0, 1, 10, 0, 0));

/** A unit vector pointing mostly along `axis`, tilted towards axis 0 by `lean`. */
const axis = (index: number, lean = 0): Float32Array => {
  const vector = new Float32Array(EMBEDDING_DIMENSIONS);
  vector[index] = 1;
  vector[0] = (vector[0] ?? 0) + lean;
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
};

/**
 * Entries where the two channels disagree: some have no vector (text only), some match no
 * word (vector only), some are inactive, two categories, and ties in score broken by
 * priority and id.
 */
const ENTRIES: ReadonlyArray<NewKnowledgeEntry> = [
  entry({ question: 'Сроки доставки по Москве', category: 'delivery', embedding: axis(1, 3), embeddingModel: 'm' }),
  entry({ question: 'Доставка за границу', category: 'delivery', embedding: axis(2, 1), embeddingModel: 'm' }),
  entry({ question: 'Доставка курьером', category: 'delivery', priority: 5, embedding: axis(2, 1) }),
  entry({ question: 'Доставка почтой', category: 'delivery' }),
  entry({ question: 'Доставка в пункт выдачи', category: 'delivery', isActive: false, embedding: axis(0) }),
  entry({
    question: 'Способы оплаты',
    answer: 'Оплата картой при доставке.',
    category: 'payment',
    embedding: axis(3, 2),
  }),
  entry({ question: 'Оплата картой', category: 'payment', embedding: axis(4, 0.5) }),
  entry({ question: 'Оплата картой', category: 'payment', priority: 2 }),
  entry({ question: 'Возврат товара', embedding: axis(0) }),
  entry({ question: 'Гарантия', isActive: false }),
];

/** Texts with words in one, both or neither channel, and with no searchable word at all. */
const TEXTS = ['доставка', 'оплата картой доставки', 'возврат', 'гарантия', 'телепортация', '!!! --- ?', ''];

const QUERIES: ReadonlyArray<KnowledgeQuery> = [
  { category: null, limit: 20 },
  { category: null, limit: 2 },
  { category: 'delivery', limit: 20 },
  { category: 'payment', limit: 1 },
  { category: 'missing', limit: 5 },
];

const separately = (knowledge: KnowledgeBase, vector: Float32Array, text: string, query: KnowledgeQuery) =>
  pipe(
    TE.Do,
    TE.apS('byVector', knowledge.searchByVector(vector, query)),
    TE.apS('byText', knowledge.searchByText(text, query)),
  );

/** The hybrid search contract for one adapter; same parameters as `describeStorageContract`. */
export const describeHybridSearchContract = (adapterName: string, harness: StorageHarness): void => {
  describe(`Hybrid search contract: ${adapterName}`, () => {
    let storage: Storage;
    let knowledge: KnowledgeBase;

    beforeEach(async () => {
      storage = await harness.open();
      knowledge = storage.repositories.knowledge;
    });
    afterEach(async () => {
      await storage.close();
    });

    it('returns what searchByVector and searchByText return, for every filter, limit and text', async () => {
      await right(knowledge.addMany(ENTRIES, NOW));
      let bothChannelsFound = 0;
      for (const vector of [axis(0), axis(2), axis(5)]) {
        for (const text of TEXTS) {
          for (const query of QUERIES) {
            const together = await right(knowledge.searchHybrid(vector, text, query));
            expect(together).toEqual(await right(separately(knowledge, vector, text, query)));
            if (together.byVector.length > 0 && together.byText.length > 0) bothChannelsFound++;
          }
        }
      }
      // the data makes the comparison meaningful: both channels often have hits
      expect(bothChannelsFound).toBeGreaterThan(10);
    });

    it('keeps inactive entries out of both channels and unembedded ones out of the vector channel', async () => {
      const added = await right(knowledge.addMany(ENTRIES, NOW));
      const id = (question: string): number => {
        const found = added.find((e) => e.question === question);
        if (!found) throw new Error(`no entry ${question}`);
        return found.id;
      };
      const { byVector, byText } = await right(
        knowledge.searchHybrid(axis(0), 'доставка', { category: null, limit: 20 }),
      );
      const vectorIds = byVector.map((h) => h.entry.id);
      const textIds = byText.map((h) => h.entry.id);
      expect(vectorIds).not.toContain(id('Доставка в пункт выдачи'));
      expect(textIds).not.toContain(id('Доставка в пункт выдачи'));
      expect(vectorIds).not.toContain(id('Доставка почтой'));
      expect(textIds).toContain(id('Доставка почтой'));
      // equal similarity: priority first, then id
      const courier = vectorIds.indexOf(id('Доставка курьером'));
      expect(courier).toBeGreaterThanOrEqual(0);
      expect(vectorIds[courier + 1]).toBe(id('Доставка за границу'));
    });

    it('with no searchable word returns no text hits and the vector hits alone', async () => {
      await right(knowledge.addMany(ENTRIES, NOW));
      const query = { category: null, limit: 5 };
      const together = await right(knowledge.searchHybrid(axis(0), '?! -- «»', query));
      expect(together.byText).toEqual([]);
      expect(together.byVector).toEqual(await right(knowledge.searchByVector(axis(0), query)));
      expect(together.byVector).toHaveLength(5);
    });

    it("a smaller limit returns a prefix of a larger one's hits in each channel (SearchFaq relies on it)", async () => {
      await right(knowledge.addMany(ENTRIES, NOW));
      const deep = await right(knowledge.searchHybrid(axis(2), 'оплата доставка', { category: null, limit: 20 }));
      for (const limit of [1, 2, 3, 5]) {
        const page = await right(knowledge.searchHybrid(axis(2), 'оплата доставка', { category: null, limit }));
        expect(page.byVector).toEqual(deep.byVector.slice(0, limit));
        expect(page.byText).toEqual(deep.byText.slice(0, limit));
      }
    });

    it('on an empty store returns two empty channels', async () => {
      expect(await right(knowledge.searchHybrid(axis(0), 'доставка', { category: null, limit: 5 }))).toEqual({
        byVector: [],
        byText: [],
      });
    });

    it('inside a unit of work sees the work’s own writes', async () => {
      const seen = await right(
        storage.unitOfWork.transaction((tx) =>
          pipe(
            tx.knowledge.addMany([entry({ question: 'Сроки доставки', embedding: axis(0) })], NOW),
            TE.flatMap((added) =>
              pipe(
                tx.knowledge.searchHybrid(axis(0), 'доставка', { category: null, limit: 5 }),
                TE.map((hits) => ({ added, hits })),
              ),
            ),
          ),
        ),
      );
      const ids = seen.added.map((e) => e.id);
      expect(seen.hits.byVector.map((h) => h.entry.id)).toEqual(ids);
      expect(seen.hits.byText.map((h) => h.entry.id)).toEqual(ids);
    });

    it('fails as searchByVector does on a vector of the wrong size', async () => {
      await right(knowledge.addMany(ENTRIES, NOW));
      const wrong = new Float32Array([1, 0, 0]);
      const query = { category: null, limit: 5 };
      const alone = await knowledge.searchByVector(wrong, query)();
      const together = await knowledge.searchHybrid(wrong, 'доставка', query)();
      expect(E.isLeft(alone) && alone.left._tag).toBe('StorageUnavailable');
      expect(E.isLeft(together) && together.left._tag).toBe('StorageUnavailable');
    });
  });
};
