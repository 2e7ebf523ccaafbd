/**
 * The HTTP providers wired into the real use-cases (fake storage): with the embedding
 * provider down nothing is lost and search falls back to text; with the chat provider
 * down the visitor gets the hand-off message; with it up, the AI answers and its token
 * count is stored.
 */
import { argon2Credentials } from '../../adapters/system/argon2-credentials.js';
import { describe, expect, it } from 'vitest';
import { createOpenAiCompatibleEmbedder } from '../../adapters/embedding/openai-compatible-embedder.js';
import { createOpenAiCompatibleAnswerGenerator } from '../../adapters/llm/openai-compatible-answer-generator.js';
import { DEFAULT_SETTINGS } from '../../src/application/settings.js';
import { makeUseCases } from '../../src/application/use-cases.js';
import { silentLogger } from '../../adapters/system/console-logger.js';
import { defaultTextAnalyzer } from '../../adapters/text/index.js';
import type { AnswerGenerator } from '../../src/ports/answer-generator.js';
import type { Embedder } from '../../src/ports/embedder.js';
import { createFakeStorage } from '../support/fake-storage.js';
import { fixedClock, right, sequentialIds } from '../support/test-doubles.js';
import { openAiEmbeddingsReply, refusedUrl, stubServersClosedAfterEach } from './stub-provider-server.js';

const stub = stubServersClosedAfterEach();

const fast = { timeoutMs: 200, maxRetries: 1, retryBaseDelayMs: 1 } as const;

const embedderAt = (baseUrl: string): Embedder =>
  createOpenAiCompatibleEmbedder({ baseUrl, apiKey: 'sk-embed', model: 'text-embedding-3-small', ...fast });
const generatorAt = (baseUrl: string): AnswerGenerator =>
  createOpenAiCompatibleAnswerGenerator({ baseUrl, apiKey: 'sk-chat', ...fast });

const assistant = (embedder: Embedder, answerGenerator: AnswerGenerator) => {
  const storage = createFakeStorage();
  const useCases = makeUseCases({
    repositories: storage.repositories,
    unitOfWork: storage.unitOfWork,
    schema: storage.schema,
    embedder,
    textAnalyzer: defaultTextAnalyzer,
    logger: silentLogger,
    credentials: argon2Credentials,
    answerGenerator,
    clock: fixedClock(),
    ids: sequentialIds(),
    settings: DEFAULT_SETTINGS,
  });
  return { useCases, storage };
};

const PAYMENT = {
  question: 'Какие способы оплаты доступны?',
  answer: 'Мы принимаем карты, СБП и наличные при получении.',
  category: 'payment',
  keywords: 'оплата карта СБП наличные',
};

describe('HTTP providers inside the use-cases', () => {
  for (const [name, downUrl] of [
    ['refuses connections', () => refusedUrl()],
    ['answers 500', async () => (await stub(() => ({ status: 500, body: { error: { message: 'boom' } } }))).url],
  ] as const) {
    it(`keeps FAQ entries and falls back to text search when the embedding provider ${name}`, async () => {
      const { useCases, storage } = assistant(embedderAt(await downUrl()), generatorAt(await refusedUrl()));
      const entry = await right(useCases.addKnowledge(PAYMENT));
      const stored = storage.tables().knowledge.get(entry.id);
      expect(stored).toMatchObject({ question: PAYMENT.question, answer: PAYMENT.answer });
      expect(stored?.embedding).toBeNull();

      const search = await right(useCases.searchFaq({ query: 'Какие способы оплаты есть?' }));
      expect(search.mode).toBe('text');
      expect(search.hits[0]?.entry.id).toBe(entry.id);
    });
  }

  it('stores the visitor message and hands off when the chat provider is down', async () => {
    const { useCases } = assistant(embedderAt(await refusedUrl()), generatorAt(await refusedUrl()));
    await right(useCases.addKnowledge(PAYMENT));
    const chat = await right(useCases.startChat({}));
    const started = Date.now();
    const reply = await right(
      useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук для игр' }),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    // no operator is online in this store: the visitor is told so and offered an e-mail
    expect(reply).toMatchObject({
      source: 'handoff',
      answer: DEFAULT_SETTINGS.unavailableMessage,
      tokensUsed: null,
      contactOffer: true,
    });
    const messages = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['assistant', DEFAULT_SETTINGS.defaultWelcomeMessage],
      ['user', 'Посоветуйте ноутбук для игр'],
      ['assistant', DEFAULT_SETTINGS.unavailableMessage],
    ]);
  });

  it('answers from the chat provider with the agent context and stores usage.total_tokens', async () => {
    const chatServer = await stub(() => ({
      body: {
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Посмотрите модели с RTX 4060.' }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 80, completion_tokens: 9, total_tokens: 89 },
      },
    }));
    const { useCases } = assistant(embedderAt(await refusedUrl()), generatorAt(chatServer.url));
    await right(useCases.addKnowledge(PAYMENT));
    await right(useCases.setContext({ key: 'system_prompt', value: 'Ты помощник магазина.', category: 'system' }));
    await right(useCases.setContext({ key: 'ai_model', value: 'deepseek-chat', category: 'config' }));
    await right(useCases.setContext({ key: 'ai_temperature', value: '0.4', category: 'config' }));
    const chat = await right(useCases.startChat({}));

    const reply = await right(
      useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук для игр' }),
    );
    expect(reply).toMatchObject({ source: 'ai', answer: 'Посмотрите модели с RTX 4060.', tokensUsed: 89 });
    expect(chatServer.requests[0]?.body).toEqual({
      model: 'deepseek-chat',
      temperature: 0.4,
      messages: [
        // the shop's prompt, then the instruction to answer only from the FAQ entries found
        { role: 'system', content: expect.stringMatching(/^Ты помощник магазина\.\n\n[\s\S]*NO_ANSWER/) },
        { role: 'assistant', content: DEFAULT_SETTINGS.defaultWelcomeMessage },
        { role: 'user', content: 'Посоветуйте ноутбук для игр' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const messages = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(messages[2]).toMatchObject({ role: 'assistant', source: 'ai', tokensUsed: 89 });
  });

  it('stores vectors tagged with the embedder id and searches by vector when the provider is up', async () => {
    const embedServer = await stub((req) => openAiEmbeddingsReply(req, 1024));
    const { useCases, storage } = assistant(embedderAt(embedServer.url), generatorAt(await refusedUrl()));
    const entry = await right(useCases.addKnowledge(PAYMENT));
    const stored = storage.tables().knowledge.get(entry.id);
    expect(stored?.embedding?.length).toBe(1024);
    expect(stored?.embeddingModel).toBe('text-embedding-3-small@1024');
    const search = await right(useCases.searchFaq({ query: `${PAYMENT.question}\n${PAYMENT.keywords}` }));
    expect(search.mode).toBe('hybrid');
    expect(search.hits[0]?.entry.id).toBe(entry.id);
  });
});
