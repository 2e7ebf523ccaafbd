import { describe, expect, it } from 'vitest';
import { left, right, testAssistant } from '../../support/test-doubles.js';

const setup = async () => {
  const t = testAssistant();
  const visitor = await right(t.useCases.createOrGetVisitor({ ipAddress: '192.168.1.1' }));
  return { ...t, visitor };
};

describe('sessions', () => {
  it('creates a session for a visitor with an unguessable UUID', async () => {
    const { useCases, visitor } = await setup();
    const created = await right(
      useCases.createSession({ visitorId: visitor.id, pageUrl: 'https://example.com/shop/products' }),
    );
    expect(created.sessionUuid).not.toBe(String(created.sessionId));
    expect(created.session).toMatchObject({
      visitorId: visitor.id,
      userId: null,
      isActive: true,
      pageUrl: 'https://example.com/shop/products',
    });
    expect(await right(useCases.findSession({ sessionUuid: created.sessionUuid }))).toEqual(created.session);
  });

  it('creates a session for a registered user with a title', async () => {
    const { useCases } = await setup();
    const user = await right(useCases.createUser({ username: 'john_doe' }));
    const created = await right(
      useCases.createSession({
        userId: user.id,
        title: 'Вопросы по заказу #12345',
        pageUrl: 'https://example.com/order/12345',
      }),
    );
    expect(created.session).toMatchObject({ userId: user.id, visitorId: null, title: 'Вопросы по заказу #12345' });
  });

  it('needs an owner and known references', async () => {
    const { useCases } = await setup();
    expect((await left(useCases.createSession({}), 'ValidationError')).path).toBe('visitorId');
    await left(useCases.createSession({ visitorId: 4242 }), 'VisitorNotFound');
    await left(useCases.createSession({ userId: 4242 }), 'UserNotFound');
    expect(
      (await left(useCases.createSession({ visitorId: 1, pageUrl: 'javascript:alert(1)' }), 'ValidationError')).path,
    ).toBe('pageUrl');
  });

  it('ends with and without a rating; ending twice is SessionEnded and keeps the first rating', async () => {
    const { useCases, visitor, clock } = await setup();
    const a = await right(useCases.createSession({ visitorId: visitor.id }));
    const b = await right(useCases.createSession({ visitorId: visitor.id }));
    clock.advance(60);
    const endedA = await right(useCases.endSession({ sessionId: a.sessionId }));
    expect(endedA).toMatchObject({ isActive: false, satisfactionRating: null });
    expect(endedA.endedAt?.getTime()).toBe(clock.now().getTime());
    const endedB = await right(useCases.endSession({ sessionId: b.sessionId, satisfactionRating: 5 }));
    expect(endedB.satisfactionRating).toBe(5);
    await left(useCases.endSession({ sessionId: b.sessionId, satisfactionRating: 1 }), 'SessionEnded');
    expect((await right(useCases.findSession({ sessionUuid: b.sessionUuid })))?.satisfactionRating).toBe(5);
    await left(useCases.endSession({ sessionId: 999 }), 'SessionNotFound');
  });

  it.each([0, 6, 2.5, '5', Number.NaN, -1])('rejects rating %s', async (rating) => {
    const { useCases, visitor } = await setup();
    const s = await right(useCases.createSession({ visitorId: visitor.id }));
    const e = await left(
      useCases.endSession({ sessionId: s.sessionId, satisfactionRating: rating }),
      'ValidationError',
    );
    expect(e.path).toBe('satisfactionRating');
  });

  it('lists active sessions oldest first, a page at a time', async () => {
    const { useCases, visitor } = await setup();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await right(useCases.createSession({ visitorId: visitor.id }))).sessionId);
    await right(useCases.endSession({ sessionId: ids[1] }));
    expect((await right(useCases.listActiveSessions({}))).map((s) => s.id)).toEqual([ids[0], ids[2]]);
    expect((await right(useCases.listActiveSessions({ limit: 1, offset: 1 }))).map((s) => s.id)).toEqual([ids[2]]);
  });
});

describe('messages', () => {
  it('adds user, assistant and system messages with tokens and returns them in order', async () => {
    const { useCases, visitor, clock } = await setup();
    const { sessionId } = await right(useCases.createSession({ visitorId: visitor.id }));
    await right(useCases.addMessage({ sessionId, role: 'user', content: 'Как оформить заказ?' }));
    clock.advance(5);
    await right(
      useCases.addMessage({ sessionId, role: 'assistant', content: 'Выберите товар, нажмите "Добавить в корзину"...' }),
    );
    await right(useCases.addMessage({ sessionId, role: 'system', content: 'Пользователь перешел на страницу оплаты' }));
    const ai = await right(
      useCases.addMessage({ sessionId, role: 'assistant', content: 'Ответ от AI...', tokensUsed: 150 }),
    );
    expect(ai.tokensUsed).toBe(150);
    const messages = await right(useCases.getSessionMessages({ sessionId }));
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'system', 'assistant']);
    expect(messages[0]?.content).toBe('Как оформить заказ?');
  });

  it('rejects unknown roles, empty content, NUL and lone surrogates', async () => {
    const { useCases, visitor } = await setup();
    const { sessionId } = await right(useCases.createSession({ visitorId: visitor.id }));
    expect((await left(useCases.addMessage({ sessionId, role: 'admin', content: 'x' }), 'ValidationError')).path).toBe(
      'role',
    );
    for (const content of ['', '   ', 'a\u0000b', 'a\ud800b']) {
      expect((await left(useCases.addMessage({ sessionId, role: 'user', content }), 'ValidationError')).path).toBe(
        'content',
      );
    }
    expect(await right(useCases.getSessionMessages({ sessionId }))).toHaveLength(0);
  });

  it('refuses messages to an ended or unknown session', async () => {
    const { useCases, visitor } = await setup();
    const { sessionId } = await right(useCases.createSession({ visitorId: visitor.id }));
    await right(useCases.endSession({ sessionId }));
    await left(useCases.addMessage({ sessionId, role: 'user', content: 'late' }), 'SessionEnded');
    await left(useCases.addMessage({ sessionId: 999, role: 'user', content: 'x' }), 'SessionNotFound');
    await left(useCases.getSessionMessages({ sessionId: 999 }), 'SessionNotFound');
  });
});
