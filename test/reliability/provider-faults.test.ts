/**
 * Embedding and AI providers that are down, slow or malformed, on both storage
 * backends: the chat goes on (text search, hand-off text) and every visitor message is
 * stored. The providers are port-level stand-ins; the HTTP adapters' own handling of
 * timeouts and bad bodies is tested in test/providers.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/index.js';
import type { DomainError } from '../../src/domain/errors.js';
import type { AnswerGenerator } from '../../src/ports/answer-generator.js';
import type { Embedder } from '../../src/ports/embedder.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { openAssistant, postgresBackend, sqljsBackend } from '../support/reliability-backends.js';
import { stubAnswerGenerator, stubEmbedder } from '../support/test-doubles.js';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.close();
});

const mustRight = async <A>(task: TaskEither<DomainError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const delayed =
  <E, A>(ms: number, task: TaskEither<E, A>): TaskEither<E, A> =>
  async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return task();
  };

const slowEmbedder = (ms: number): Embedder => {
  const inner = stubEmbedder();
  return { model: inner.model, dimensions: inner.dimensions, embed: (texts) => delayed(ms, inner.embed(texts)) };
};
const slowGenerator = (ms: number): AnswerGenerator => {
  const inner = stubAnswerGenerator();
  return { generate: (request) => delayed(ms, inner.generate(request)) };
};

/** Vectors a broken provider might return: wrong length, NaN, and too few of them. */
const malformedEmbedder = (): Embedder => {
  let call = 0;
  return {
    model: 'malformed',
    dimensions: 1024,
    embed: (texts) => {
      call++;
      const kind = call % 3;
      if (kind === 0) return TE.right(texts.map(() => new Float32Array(7).fill(0.1)));
      if (kind === 1) return TE.right(texts.map(() => new Float32Array(1024).fill(Number.NaN)));
      return TE.right([]);
    },
  };
};
const malformedGenerator: AnswerGenerator = {
  generate: () => TE.right({ content: '', tokensUsed: Number.NaN }),
};

const down = () => {
  const embedder = stubEmbedder();
  embedder.state.failing = true;
  const generator = stubAnswerGenerator();
  generator.state.failing = true;
  return { embedder, answerGenerator: generator };
};

const providerFaults = [
  { fault: 'down', providers: down },
  {
    fault: 'slow (300 ms each call)',
    providers: () => ({ embedder: slowEmbedder(300), answerGenerator: slowGenerator(300) }),
  },
  { fault: 'malformed', providers: () => ({ embedder: malformedEmbedder(), answerGenerator: malformedGenerator }) },
];

const backends = [sqljsBackend, postgresBackend(() => database)];

describe.each(backends)('provider faults on $name', (backend) => {
  let assistant: Assistant | undefined;
  afterEach(async () => {
    await assistant?.close();
    assistant = undefined;
  });

  it.each(providerFaults)(
    'providers $fault: FAQ edits kept, the chat goes on, every message stored',
    async ({ providers }) => {
      assistant = await openAssistant(backend, providers());
      const u = assistant.useCases;
      const added = await mustRight(
        u.addKnowledgeBulk({
          entries: [
            {
              question: 'Сколько стоит доставка?',
              answer: 'Доставка по Москве — 300 рублей.',
              keywords: 'доставка цена стоимость',
            },
            { question: 'Можно ли вернуть товар?', answer: 'Да, в течение 14 дней.', keywords: 'возврат' },
          ],
        }),
      );
      expect(added).toHaveLength(2);
      const chat = await mustRight(u.startChat({}));
      const questions = [
        'Сколько стоит доставка?',
        'Какая погода на Марсе?',
        'Хочу вернуть товар',
        'Где мой заказ №42?',
      ];
      const replies = [];
      for (const [i, message] of questions.entries()) {
        replies.push(
          await mustRight(u.processMessage({ sessionUuid: chat.sessionUuid, message, clientMessageId: `q-${i}` })),
        );
      }
      expect(replies.every((r) => (r.answer ?? '').length > 0)).toBe(true);
      expect(replies[0]).toMatchObject({ source: 'faq', knowledgeId: added[0]?.id });
      const stored = await mustRight(u.getSessionMessages({ sessionUuid: chat.sessionUuid }));
      expect(stored.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(questions);
      expect(stored.filter((m) => m.role === 'assistant')).toHaveLength(questions.length + 1);
      for (const m of stored) expect(m.tokensUsed === null || Number.isInteger(m.tokensUsed)).toBe(true);
    },
  );
});
