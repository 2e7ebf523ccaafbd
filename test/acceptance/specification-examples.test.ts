/**
 * The specification's own examples, end to end through `createAssistant` with the
 * offline embedder, on both storage backends: what a host application sees.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAssistant, isAssistantError, type Assistant } from '../../src/index.js';
import { SPEC_FAQ } from '../../scripts/demo/spec-seed.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

let database: PostgresTestDatabase | undefined;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const backends = [
  { name: 'sqljs', open: () => createAssistant() },
  {
    name: 'postgres',
    open: async () => createAssistant({}, { storage: await (database as PostgresTestDatabase).openStorage() }),
  },
] as const;

describe.each(backends)('on $name', (backend) => {
  let assistant: Assistant;
  beforeEach(async () => {
    assistant = await backend.open();
  });
  afterEach(async () => {
    await assistant.close();
  });

  const rejectsWith = async (promise: Promise<unknown>, tag: string) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAssistantError(error) && error.tag).toBe(tag);
    return error;
  };

  describe('the specification, example by example', () => {
    it('runs on the chosen store', () => {
      expect(assistant.storageKind).toBe(backend.name);
    });

    it('FAQ: delivery, payment and returns questions find their answers', async () => {
      const added = await assistant.addKnowledgeBulk({ entries: [...SPEC_FAQ] });
      expect(added).toHaveLength(SPEC_FAQ.length);
      expect(added.every((e) => e.embeddingModel !== null)).toBe(true);

      const delivery = await assistant.searchKnowledge({ query: 'доставка' });
      expect(delivery.slice(0, 3).map((e) => e.category)).toContain('Доставка');
      const payment = await assistant.searchKnowledge({ query: 'карта', category: 'Оплата', limit: 3 });
      expect(payment.map((e) => e.question)).toEqual(['Какие способы оплаты доступны?']);
      const returns = await assistant.searchKnowledge({ query: 'хочу вернуть товар' });
      expect(returns[0]?.question).toBe('Можно ли вернуть товар?');
      const text = await assistant.searchFaq({ query: 'доставка', useVector: false });
      expect(text.mode).toBe('text');
      expect(text.hits.length).toBeGreaterThan(0);
      expect(
        text.hits.every(
          (h) =>
            h.entry.category === 'Доставка' ||
            /доставк/i.test(h.entry.question + h.entry.answer + (h.entry.keywords ?? '')),
        ),
      ).toBe(true);
      expect(await assistant.faqCategoryStats()).toContainEqual({ category: 'Доставка', count: 4 });
    });

    it('a chat from start to rated end (examples 1, 2, 3 and 4)', async () => {
      await assistant.addKnowledgeBulk({ entries: [...SPEC_FAQ] });
      await assistant.updateWidgetSettings({
        name: 'default',
        botName: 'Помощник',
        welcomeMessage: 'Здравствуйте! Чем могу помочь?',
        primaryColor: '#4CAF50',
        position: 'bottom-right',
      });

      const chat = await assistant.startChat({
        ipAddress: '192.168.1.1',
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
        deviceType: 'desktop',
        browser: 'Chrome',
        pageUrl: 'https://example.com/shop/products',
      });
      expect(chat.welcomeMessage).toBe('Здравствуйте! Чем могу помочь?');

      const answer = await assistant.processMessage({ sessionUuid: chat.sessionUuid, message: 'Как оформить заказ?' });
      expect(answer).toMatchObject({ source: 'faq', confidence: 'high', answer: SPEC_FAQ[0].answer });
      const unknown = await assistant.processMessage({
        sessionUuid: chat.sessionUuid,
        message: 'Какая погода будет завтра на Марсе?',
      });
      expect(unknown).toMatchObject({ source: 'handoff', confidence: 'low' });

      const analytics = await assistant.sessionAnalytics({ sessionUuid: chat.sessionUuid });
      expect(analytics).toMatchObject({ totalMessages: 5, userMessagesCount: 2, assistantMessagesCount: 3 });

      const html = await assistant.exportChatHistory({ sessionUuid: chat.sessionUuid, format: 'html' });
      expect(html).toContain('<span class="content">Как оформить заказ?</span>');

      const ended = await assistant.endChat({ sessionUuid: chat.sessionUuid, rating: 5 });
      expect(ended).toMatchObject({ totalMessages: 5, userMessages: 2, rating: 5 });
      await rejectsWith(
        assistant.processMessage({ sessionUuid: chat.sessionUuid, message: 'ещё вопрос' }),
        'SessionEnded',
      );
    });

    it('visitor-to-user conversion (example 5)', async () => {
      const visitor = await assistant.createOrGetVisitor({ ipAddress: '192.168.1.1' });
      const first = await assistant.createSession({
        visitorId: visitor.id,
        pageUrl: 'https://example.com/shop/products',
      });
      const second = await assistant.createSession({ visitorId: visitor.id });
      const { user, movedSessions } = await assistant.convertVisitorToUser({
        visitorId: visitor.id,
        username: 'john_doe',
        email: 'john@example.com',
        phone: '+79001234567',
      });
      expect(movedSessions).toBe(2);
      expect(await assistant.getUser({ userId: user.id })).toMatchObject({
        username: 'john_doe',
        email: 'john@example.com',
        phone: '+79001234567',
      });
      for (const s of [first, second])
        expect((await assistant.findSession({ sessionUuid: s.sessionUuid }))?.userId).toBe(user.id);
      await rejectsWith(assistant.createUser({ username: 'john2', email: 'John@Example.com' }), 'DuplicateEmail');
    });

    it('widget profiles default, sales and support', async () => {
      await assistant.updateWidgetSettings({ name: 'default', botName: 'AI Консультант', primaryColor: '#2196F3' });
      await assistant.updateWidgetSettings({
        name: 'sales',
        botName: 'Менеджер продаж',
        welcomeMessage: 'Здравствуйте! Помогу выбрать товар!',
        primaryColor: '#FF5722',
      });
      await assistant.updateWidgetSettings({
        name: 'support',
        botName: 'Техподдержка',
        welcomeMessage: 'Здравствуйте! Опишите вашу проблему',
        primaryColor: '#607D8B',
      });
      expect((await assistant.getWidgetSettings())?.botName).toBe('AI Консультант');
      expect((await assistant.getWidgetSettings({ name: 'sales' }))?.primaryColor).toBe('#FF5722');
      expect((await assistant.getWidgetSettings({ name: 'support' }))?.welcomeMessage).toBe(
        'Здравствуйте! Опишите вашу проблему',
      );
      const support = await assistant.startChat({ widgetProfile: 'support' });
      expect(support.welcomeMessage).toBe('Здравствуйте! Опишите вашу проблему');
      const error = await rejectsWith(
        assistant.updateWidgetSettings({ name: 'sales', primaryColor: 'orange' }),
        'ValidationError',
      );
      expect(isAssistantError(error) && error.path).toBe('primaryColor');
    });

    it('agent context: prompt, model, temperature and branding', async () => {
      await assistant.setContext({
        key: 'system_prompt',
        value: 'Ты дружелюбный помощник интернет-магазина. Отвечай кратко и по делу.',
        category: 'system',
      });
      await assistant.setContext({ key: 'ai_model', value: 'deepseek-chat', category: 'config' });
      await assistant.setContext({ key: 'ai_temperature', value: '0.7', category: 'config' });
      await assistant.setContext({ key: 'shop_name', value: 'Мой Магазин', category: 'branding' });
      await assistant.setContext({ key: 'ai_temperature', value: '0.5', category: 'config' });
      expect(await assistant.getContext({ key: 'ai_model' })).toBe('deepseek-chat');
      expect(await assistant.getContext({ key: 'ai_temperature' })).toBe('0.5');
      expect(await assistant.getContext({ key: 'shop_name' })).toBe('Мой Магазин');
      expect(await assistant.getContext({ key: 'nope' })).toBeNull();
    });

    it('answers bad input the same way on every backend (NUL, lone surrogates, ratings)', async () => {
      const visitor = await assistant.createOrGetVisitor({});
      const { sessionId } = await assistant.createSession({ visitorId: visitor.id });
      for (const content of ['a\u0000b', 'a\ud800b']) {
        const e = await rejectsWith(assistant.addMessage({ sessionId, role: 'user', content }), 'ValidationError');
        expect(isAssistantError(e) && e.path).toBe('content');
      }
      for (const rating of [0, 6, 2.5, '5']) {
        await rejectsWith(assistant.endSession({ sessionId, satisfactionRating: rating as number }), 'ValidationError');
      }
      expect(await assistant.getSessionMessages({ sessionId })).toEqual([]);
      expect((await assistant.endSession({ sessionId, satisfactionRating: 4 })).satisfactionRating).toBe(4);
    });

    it('50 concurrent chats started with one visitor cookie make one visitor', async () => {
      const visitorId = '3f0c1a52-9d1e-4b7a-8e2f-0a1b2c3d4e5f';
      const chats = await Promise.all(Array.from({ length: 50 }, () => assistant.startChat({ visitorId })));
      expect(new Set(chats.map((c) => c.visitor.id)).size).toBe(1);
      expect(new Set(chats.map((c) => c.sessionUuid)).size).toBe(50);
    });

    it('create_tables / drop_tables', async () => {
      await assistant.createUser({ username: 'someone' });
      await assistant.dropTables();
      await assistant.createTables();
      expect(await assistant.getUser({ userId: 1 })).toBeNull();
    });
  });
});
