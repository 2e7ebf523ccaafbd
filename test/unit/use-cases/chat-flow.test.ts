import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/application/settings.js';
import { left, right, testAssistant } from '../../support/test-doubles.js';
import { SPEC_FAQ } from '../../../scripts/demo/spec-seed.js';

const shop = async (options: Parameters<typeof testAssistant>[0] = {}) => {
  const t = testAssistant(options);
  await right(t.useCases.addKnowledgeBulk({ entries: [...SPEC_FAQ] }));
  return t;
};

describe('startChat', () => {
  it("stores the profile's welcome message as the first assistant message", async () => {
    const { useCases } = await shop();
    await right(useCases.updateWidgetSettings({ name: 'default', welcomeMessage: 'Здравствуйте! Чем могу помочь?' }));
    await right(
      useCases.updateWidgetSettings({ name: 'sales', welcomeMessage: 'Здравствуйте! Помогу выбрать товар!' }),
    );
    const chat = await right(useCases.startChat({ ipAddress: '10.0.0.1', pageUrl: 'https://example.com/shop' }));
    expect(chat.welcomeMessage).toBe('Здравствуйте! Чем могу помочь?');
    const sales = await right(useCases.startChat({ visitorId: chat.visitor.visitorId, widgetProfile: 'sales' }));
    expect(sales.visitor.id).toBe(chat.visitor.id);
    const messages = await right(useCases.getSessionMessages({ sessionUuid: sales.sessionUuid }));
    expect(messages.map((m) => [m.role, m.content, m.source])).toEqual([
      ['assistant', 'Здравствуйте! Помогу выбрать товар!', 'welcome'],
    ]);
  });

  it('uses the default text when there is no profile', async () => {
    const { useCases } = await shop();
    const chat = await right(useCases.startChat({}));
    expect(chat.welcomeMessage).toBe(DEFAULT_SETTINGS.defaultWelcomeMessage);
  });

  it('writes nothing of the session when storage fails halfway', async () => {
    const t = await shop();
    const sessionsBefore = t.storage.tables().sessions.size;
    type Add = typeof t.storage.repositories.messages.add;
    (t.storage.repositories.messages as { add: Add }).add = () => async () => ({
      _tag: 'Left',
      left: { _tag: 'StorageUnavailable', message: 'disk full' },
    });
    await left(t.useCases.startChat({}), 'StorageUnavailable');
    expect(t.storage.tables().sessions.size).toBe(sessionsBefore);
  });
});

describe('processMessage', () => {
  it('answers from the FAQ when confident, stores both messages, and counts the view', async () => {
    const { useCases, generator } = await shop();
    const chat = await right(useCases.startChat({}));
    const r = await right(
      useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Какие способы оплаты доступны?' }),
    );
    expect(r).toMatchObject({ source: 'faq', confidence: 'high', answer: SPEC_FAQ[1].answer });
    expect(generator.state.requests).toHaveLength(0);
    const messages = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(messages[2]).toMatchObject({ source: 'faq', knowledgeId: r.knowledgeId });
    const entries = await right(useCases.listKnowledge({}));
    expect(entries.find((e) => e.id === r.knowledgeId)?.viewsCount).toBe(1);
  });

  it('asks the AI with the agent context and the conversation when no FAQ entry is confident', async () => {
    const { useCases, generator } = await shop();
    await right(
      useCases.setContext({
        key: 'system_prompt',
        value: 'Ты дружелюбный помощник интернет-магазина.',
        category: 'system',
      }),
    );
    await right(useCases.setContext({ key: 'ai_model', value: 'deepseek-chat', category: 'config' }));
    await right(useCases.setContext({ key: 'ai_temperature', value: '0.7', category: 'config' }));
    const chat = await right(useCases.startChat({}));
    const r = await right(
      useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте хороший ноутбук для игр' }),
    );
    expect(r).toMatchObject({
      source: 'ai',
      confidence: 'low',
      answer: 'Ответ от AI...',
      tokensUsed: 120,
      knowledgeId: null,
    });
    expect(generator.state.requests[0]).toEqual({
      // the shop's prompt first, then the instruction to answer only from the FAQ entries found
      systemPrompt: expect.stringMatching(/^Ты дружелюбный помощник интернет-магазина\.\n\n[\s\S]*NO_ANSWER/),
      model: 'deepseek-chat',
      temperature: 0.7,
      conversation: [
        { role: 'assistant', content: DEFAULT_SETTINGS.defaultWelcomeMessage },
        { role: 'user', content: 'Посоветуйте хороший ноутбук для игр' },
      ],
    });
    const stored = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(stored[2]).toMatchObject({ role: 'assistant', source: 'ai', tokensUsed: 120 });
  });

  it('logs questions the FAQ could not answer, normalised and counted', async () => {
    const { useCases } = await shop();
    const chat = await right(useCases.startChat({}));
    await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук для игр!' }));
    await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: '  посоветуйте НОУТБУК для игр  ' }));
    await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Какие способы оплаты доступны?' }));
    const listed = await right(useCases.listUnansweredQuestions({}));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ count: 2, normalizedText: 'посоветуйте ноутбук для игр' });
  });

  it('stores and returns a hand-off message when the AI fails and an operator is online; the chat waits for them', async () => {
    const { useCases, generator, storage } = await shop();
    generator.state.failing = true;
    storage.operatorsOnline = 1;
    const chat = await right(useCases.startChat({}));
    const r = await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук' }));
    expect(r).toMatchObject({
      source: 'handoff',
      answer: DEFAULT_SETTINGS.handoffMessage,
      handling: 'waiting',
      contactOffer: false,
    });
    const stored = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(stored.map((m) => [m.role, m.content])).toEqual([
      ['assistant', DEFAULT_SETTINGS.defaultWelcomeMessage],
      ['user', 'Посоветуйте ноутбук'],
      ['assistant', DEFAULT_SETTINGS.handoffMessage],
    ]);
  });

  it('says no one is there and offers an e-mail when the AI fails and no operator is online; the bot keeps the chat', async () => {
    const { useCases, generator } = await shop();
    generator.state.failing = true;
    const chat = await right(useCases.startChat({}));
    const r = await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук' }));
    expect(r).toMatchObject({
      source: 'handoff',
      answer: DEFAULT_SETTINGS.unavailableMessage,
      handling: 'bot',
      contactOffer: true,
    });
    const stored = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(stored.map((m) => [m.role, m.content])).toEqual([
      ['assistant', DEFAULT_SETTINGS.defaultWelcomeMessage],
      ['user', 'Посоветуйте ноутбук'],
      ['assistant', DEFAULT_SETTINGS.unavailableMessage],
    ]);
  });

  it('still answers when the embedder is down (text search)', async () => {
    const t = await shop();
    t.embedder!.state.failing = true;
    const chat = await right(t.useCases.startChat({}));
    const r = await right(
      t.useCases.processMessage({ sessionId: chat.session.id, message: 'Какие способы оплаты доступны?' }),
    );
    expect(r.source).toBe('faq');
  });

  it('stores a retried message once and returns the same reply (client message id)', async () => {
    const { useCases, generator } = await shop();
    const chat = await right(useCases.startChat({}));
    const input = { sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук', clientMessageId: 'm-1' };
    const first = await right(useCases.processMessage(input));
    const retry = await right(useCases.processMessage(input));
    expect(retry.assistantMessage?.id).toBe(first.assistantMessage?.id);
    expect(generator.state.requests).toHaveLength(1);
    expect(await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }))).toHaveLength(3);
  });

  it('gives the model the dialogue up to the question it answers, even when messages overlap', async () => {
    const { useCases, generator } = await shop();
    const chat = await right(useCases.startChat({}));
    const questions = ['Посоветуйте ноутбук для игр', 'А какой телевизор взять?'];
    await Promise.all(
      questions.map((message) => right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message }))),
    );
    const lastAsked = generator.state.requests.map((r) => r.conversation[r.conversation.length - 1]?.content);
    expect(lastAsked.sort()).toEqual([...questions].sort());
  });

  it('stores one reply when the same client message is tried twice at once, and both get it', async () => {
    const { useCases } = await shop();
    const chat = await right(useCases.startChat({}));
    const input = { sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук', clientMessageId: 'm-7' };
    const [a, b] = await Promise.all([right(useCases.processMessage(input)), right(useCases.processMessage(input))]);
    expect(a.assistantMessage?.id).toBe(b.assistantMessage?.id);
    expect(b.answer).toBe(a.answer);
    const stored = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(stored.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    // a retry of another message never returns this reply
    const other = await right(
      useCases.processMessage({ ...input, clientMessageId: 'm-8', message: 'Какие способы оплаты доступны?' }),
    );
    expect(other.source).toBe('faq');
    const retryOfOther = await right(
      useCases.processMessage({ ...input, clientMessageId: 'm-8', message: 'Какие способы оплаты доступны?' }),
    );
    expect(retryOfOther.assistantMessage?.id).toBe(other.assistantMessage?.id);
  });

  it('rejects messages to unknown or ended sessions, and bad input', async () => {
    const { useCases } = await shop();
    const chat = await right(useCases.startChat({}));
    await left(
      useCases.processMessage({ sessionUuid: '00000000-0000-4000-8000-999999999999', message: 'hi' }),
      'SessionNotFound',
    );
    await right(useCases.endChat({ sessionUuid: chat.sessionUuid, rating: 4 }));
    await left(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'hi' }), 'SessionEnded');
    expect((await left(useCases.processMessage({ message: 'hi' }), 'ValidationError')).path).toBe('sessionId');
    expect((await left(useCases.processMessage({ sessionUuid: chat.sessionUuid }), 'ValidationError')).path).toBe(
      'message',
    );
  });
});

describe('endChat', () => {
  it("returns the specification's statistics", async () => {
    const { useCases, clock } = await shop();
    const chat = await right(useCases.startChat({}));
    clock.advance(33);
    await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Как оформить заказ?' }));
    clock.advance(5);
    await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Посоветуйте ноутбук' }));
    const ended = await right(useCases.endChat({ sessionUuid: chat.sessionUuid, rating: 5 }));
    expect(ended).toMatchObject({
      totalMessages: 5,
      userMessages: 2,
      rating: 5,
      assistantMessagesCount: 3,
      totalTokens: 120,
      durationSeconds: 38,
    });
    expect(ended.session.isActive).toBe(false);
    await left(useCases.endChat({ sessionUuid: chat.sessionUuid }), 'SessionEnded');
  });
});

describe('convertVisitorToUser', () => {
  it('creates the user and moves every session of the visitor', async () => {
    const { useCases } = await shop();
    const a = await right(useCases.startChat({}));
    const b = await right(useCases.startChat({ visitorId: a.visitor.visitorId }));
    const other = await right(useCases.startChat({}));
    const r = await right(
      useCases.convertVisitorToUser({
        visitorId: a.visitor.id,
        username: 'john_doe',
        email: 'john@example.com',
        phone: '+79001234567',
      }),
    );
    expect(r.movedSessions).toBe(2);
    for (const uuid of [a.sessionUuid, b.sessionUuid]) {
      expect(await right(useCases.findSession({ sessionUuid: uuid }))).toMatchObject({
        userId: r.user.id,
        visitorId: a.visitor.id,
      });
    }
    expect((await right(useCases.findSession({ sessionUuid: other.sessionUuid })))?.userId).toBeNull();
    const later = await right(useCases.startChat({ visitorId: a.visitor.visitorId }));
    expect(later.session.userId).toBe(r.user.id);
  });

  it('is all or nothing: a duplicate e-mail leaves the sessions on the visitor and creates no user', async () => {
    const { useCases, storage } = await shop();
    await right(useCases.createUser({ username: 'taken', email: 'john@example.com' }));
    const chat = await right(useCases.startChat({}));
    await left(
      useCases.convertVisitorToUser({
        visitorUuid: chat.visitor.visitorId,
        username: 'john',
        email: 'JOHN@example.com',
      }),
      'DuplicateEmail',
    );
    expect(storage.tables().users.size).toBe(1);
    expect((await right(useCases.findSession({ sessionUuid: chat.sessionUuid })))?.userId).toBeNull();
  });

  it('converts a visitor only once', async () => {
    const { useCases, storage } = await shop();
    const chat = await right(useCases.startChat({}));
    await right(useCases.convertVisitorToUser({ visitorId: chat.visitor.id, username: 'first' }));
    await left(
      useCases.convertVisitorToUser({ visitorId: chat.visitor.id, username: 'second' }),
      'VisitorAlreadyConverted',
    );
    expect([...storage.tables().users.values()].map((u) => u.username)).toEqual(['first']);
    await left(useCases.convertVisitorToUser({ visitorId: 999, username: 'x' }), 'VisitorNotFound');
  });
});
