/**
 * The conversations contract (who answers a chat, operators, contact requests): run on
 * every storage adapter like the storage contract. It asserts what src/ports/conversations.ts,
 * operators.ts and contact-requests.ts promise, races included.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { Repositories, Storage } from '../../src/ports/repositories.js';
import { userMessage, type StorageHarness } from './storage-contract.js';

const at = (minutes: number): Date => new Date(Date.UTC(2025, 0, 1, 10, 0, 0) + minutes * 60_000);

const right = async <Err, A>(task: TE.TaskEither<Err, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};
const left = async <Err, A>(task: TE.TaskEither<Err, A>): Promise<Err> => {
  const result = await task();
  if (E.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`);
  return result.left;
};
const tagOf = (e: unknown) => (typeof e === 'object' && e !== null && '_tag' in e ? e._tag : e);

export const describeConversationsContract = (adapterName: string, harness: StorageHarness): void => {
  describe(`Conversations contract: ${adapterName}`, () => {
    let storage: Storage;
    let repos: Repositories;
    beforeEach(async () => {
      storage = await harness.open();
      repos = storage.repositories;
    });
    afterEach(async () => {
      await storage.close();
    });

    let sessionNumber = 0;
    const newChat = async (profile: string | null = 'default'): Promise<ChatSession> => {
      sessionNumber++;
      const v = await right(
        repos.visitors.upsert(
          { visitorId: crypto.randomUUID(), ipAddress: null, userAgent: null, deviceType: null, browser: null },
          at(0),
        ),
      );
      return right(
        repos.sessions.create(
          {
            visitorId: v.id,
            userId: null,
            sessionUuid: crypto.randomUUID(),
            title: null,
            pageUrl: `https://shop.example/${sessionNumber}`,
            widgetProfile: profile,
          },
          at(0),
        ),
      );
    };
    const newOperator = (email: string, name = 'Анна') =>
      right(repos.operators.create({ name, email, role: 'operator', passwordHash: 'hash-of-secret' }, at(0)));

    describe('who answers a chat', () => {
      it('a new chat is with the bot and remembers its widget profile', async () => {
        const s = await newChat('sales');
        expect(s).toMatchObject({ handling: 'bot', operatorId: null, widgetProfile: 'sales', waitingSince: null });
      });

      it('bot → waiting → operator → bot, each change stored as a state message in order', async () => {
        const s = await newChat();
        const op = await newOperator('anna@shop.example');
        const waiting = await right(repos.conversations.requestPerson({ sessionUuid: s.sessionUuid }, at(1)));
        expect(waiting).toMatchObject({
          changed: true,
          session: { handling: 'waiting', waitingSince: at(1), handoffAt: at(1) },
        });
        expect(waiting.stateMessage).toMatchObject({
          role: 'system',
          source: 'state',
          content: 'waiting',
          operatorId: null,
        });
        const again = await right(repos.conversations.requestPerson({ sessionId: s.id }, at(2)));
        expect(again).toMatchObject({ changed: false, stateMessage: null, session: { waitingSince: at(1) } });

        const taken = await right(repos.conversations.take(s.id, op.id, at(3)));
        expect(taken.session).toMatchObject({
          handling: 'operator',
          operatorId: op.id,
          waitingSince: null,
          assignedAt: at(3),
        });
        expect(taken.stateMessage).toMatchObject({ content: 'operator', operatorId: op.id });
        expect(await right(repos.conversations.take(s.id, op.id, at(4)))).toMatchObject({ changed: false });

        const back = await right(repos.conversations.handBack(s.id, op.id, at(5)));
        expect(back.session).toMatchObject({ handling: 'bot', operatorId: null, assignedAt: at(3), handoffAt: at(1) });
        expect(back.stateMessage).toMatchObject({ content: 'bot', operatorId: op.id });

        const stored = await right(repos.messages.listBySession(s.id));
        expect(stored.map((m) => [m.source, m.content])).toEqual([
          ['state', 'waiting'],
          ['state', 'operator'],
          ['state', 'bot'],
        ]);
        expect(await right(repos.messages.listAfter(s.id, stored[0]?.id ?? 0, 10))).toEqual(stored.slice(1));
      });

      it('an operator can take a chat straight from the bot', async () => {
        const s = await newChat();
        const op = await newOperator('boris@shop.example', 'Борис');
        const taken = await right(repos.conversations.take(s.id, op.id, at(1)));
        expect(taken.session).toMatchObject({ handling: 'operator', handoffAt: at(1), assignedAt: at(1) });
      });

      it('two operators taking one chat at once: exactly one wins, the other gets ConversationTaken', async () => {
        const s = await newChat();
        await right(repos.conversations.requestPerson({ sessionId: s.id }, at(1)));
        const a = await newOperator('a@shop.example', 'A');
        const b = await newOperator('b@shop.example', 'B');
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) => repos.conversations.take(s.id, i % 2 ? a.id : b.id, at(2))()),
        );
        const winners = new Set(outcomes.filter(E.isRight).map((o) => o.right.session.operatorId));
        expect(winners.size).toBe(1);
        const winner = [...winners][0];
        for (const o of outcomes) {
          if (E.isLeft(o)) expect(o.left).toMatchObject({ _tag: 'ConversationTaken', operatorId: winner });
        }
        // one state message, whoever won: the other takes changed nothing
        const states = (await right(repos.messages.listBySession(s.id))).filter((m) => m.source === 'state');
        expect(states.map((m) => [m.content, m.operatorId])).toEqual([
          ['waiting', null],
          ['operator', winner],
        ]);
      });

      it('only the operator who has the chat replies or hands it back; a reply sets the first response time once', async () => {
        const s = await newChat();
        const a = await newOperator('a@shop.example', 'A');
        const b = await newOperator('b@shop.example', 'B');
        expect(
          tagOf(
            await left(
              repos.conversations.addOperatorMessage(s.id, a.id, { content: 'x', clientMessageId: null }, at(1)),
            ),
          ),
        ).toBe('NotYourConversation');
        await right(repos.conversations.take(s.id, a.id, at(1)));
        expect(tagOf(await left(repos.conversations.take(s.id, b.id, at(2))))).toBe('ConversationTaken');
        expect(tagOf(await left(repos.conversations.handBack(s.id, b.id, at(2))))).toBe('NotYourConversation');
        expect(
          tagOf(
            await left(
              repos.conversations.addOperatorMessage(s.id, b.id, { content: 'я тоже', clientMessageId: null }, at(2)),
            ),
          ),
        ).toBe('NotYourConversation');
        const first = await right(
          repos.conversations.addOperatorMessage(
            s.id,
            a.id,
            { content: 'Здравствуйте! Я Анна.', clientMessageId: 'op-1' },
            at(3),
          ),
        );
        expect(first).toMatchObject({
          created: true,
          message: { role: 'assistant', source: 'operator', operatorId: a.id, content: 'Здравствуйте! Я Анна.' },
        });
        const retried = await right(
          repos.conversations.addOperatorMessage(s.id, a.id, { content: 'повтор', clientMessageId: 'op-1' }, at(4)),
        );
        expect(retried).toEqual({ message: first.message, created: false });
        await right(
          repos.conversations.addOperatorMessage(s.id, a.id, { content: 'Второе', clientMessageId: null }, at(5)),
        );
        expect(await right(repos.sessions.findById(s.id))).toMatchObject({ firstResponseAt: at(3) });
      });

      it('steps on an ended or missing chat are SessionEnded / SessionNotFound', async () => {
        const s = await newChat();
        const op = await newOperator('a@shop.example');
        await right(repos.sessions.end(s.id, null, at(1)));
        expect(tagOf(await left(repos.conversations.requestPerson({ sessionId: s.id }, at(2))))).toBe('SessionEnded');
        expect(tagOf(await left(repos.conversations.take(s.id, op.id, at(2))))).toBe('SessionEnded');
        expect(
          tagOf(
            await left(
              repos.conversations.addOperatorMessage(s.id, op.id, { content: 'x', clientMessageId: null }, at(2)),
            ),
          ),
        ).toBe('SessionEnded');
        expect(tagOf(await left(repos.conversations.requestPerson({ sessionId: s.id + 999 }, at(2))))).toBe(
          'SessionNotFound',
        );
        expect(tagOf(await left(repos.conversations.take(s.id + 999, op.id, at(2))))).toBe('SessionNotFound');
        const states = (await right(repos.messages.listBySession(s.id))).map((m) => [m.source, m.content]);
        expect(states).toEqual([['state', 'ended']]);
      });

      it('the queue: waiting chats by how long they have waited, then chats with an operator; not the bot’s or ended ones', async () => {
        const op = await newOperator('a@shop.example');
        const later = await newChat();
        const earlier = await newChat();
        const withOperator = await newChat();
        const withBot = await newChat();
        const ended = await newChat();
        await right(repos.messages.add(userMessage(earlier.id, 'Где мой заказ?'), at(1)));
        await right(repos.conversations.requestPerson({ sessionId: later.id }, at(5)));
        await right(repos.conversations.requestPerson({ sessionId: earlier.id }, at(2)));
        await right(repos.conversations.requestPerson({ sessionId: ended.id }, at(1)));
        await right(repos.sessions.end(ended.id, null, at(3)));
        await right(repos.conversations.take(withOperator.id, op.id, at(4)));
        await right(repos.messages.add(userMessage(withBot.id, 'привет'), at(1)));
        const queue = await right(repos.conversations.queue(10));
        expect(queue.map((q) => q.session.id)).toEqual([earlier.id, later.id, withOperator.id]);
        expect(queue[0]).toMatchObject({
          visitorMessages: 1,
          lastMessage: { content: 'Где мой заказ?' },
          visitor: { id: earlier.visitorId },
        });
        expect(await right(repos.conversations.queue(1))).toHaveLength(1);
      });

      it('availability: operators online since an instant, and the profile’s business hours', async () => {
        const a = await newOperator('a@shop.example');
        const b = await newOperator('b@shop.example');
        await right(
          repos.widgets.upsert(
            'default',
            { businessHours: { timezone: 'UTC', monday: { start: '09:00', end: '18:00' } } },
            at(0),
          ),
        );
        expect(await right(repos.conversations.availability('default', at(0)))).toEqual({
          operatorsOnline: 0,
          businessHours: { timezone: 'UTC', monday: { start: '09:00', end: '18:00' } },
        });
        await right(repos.operators.recordPresence(a.id, at(1)));
        await right(repos.operators.recordPresence(b.id, at(10)));
        expect((await right(repos.conversations.availability('default', at(5)))).operatorsOnline).toBe(1);
        expect((await right(repos.conversations.availability('default', at(0)))).operatorsOnline).toBe(2);
        await right(repos.operators.update(b.id, { isActive: false }, at(11)));
        expect((await right(repos.conversations.availability('default', at(5)))).operatorsOnline).toBe(0);
        expect(await right(repos.conversations.availability('nope', at(0)))).toMatchObject({ businessHours: null });
      });
    });

    describe('operators', () => {
      it('creates, finds by e-mail in any letter case, lists, updates; e-mails are unique in any case', async () => {
        const a = await newOperator('Anna@Shop.example');
        expect(a).toMatchObject({
          name: 'Анна',
          email: 'Anna@Shop.example',
          role: 'operator',
          isActive: true,
          lastSeenAt: null,
        });
        expect(await right(repos.operators.findCredentials('anna@shop.EXAMPLE'))).toEqual({
          operator: a,
          passwordHash: 'hash-of-secret',
        });
        expect(await right(repos.operators.findCredentials('nobody@shop.example'))).toBeNull();
        expect(
          tagOf(
            await left(
              repos.operators.create(
                { name: 'X', email: 'anna@shop.example', role: 'admin', passwordHash: 'h' },
                at(1),
              ),
            ),
          ),
        ).toBe('DuplicateOperatorEmail');
        const b = await newOperator('boris@shop.example', 'Борис');
        const renamed = await right(repos.operators.update(b.id, { name: 'Борис П.', role: 'admin' }, at(2)));
        expect(renamed).toMatchObject({ name: 'Борис П.', role: 'admin', email: 'boris@shop.example' });
        expect(tagOf(await left(repos.operators.update(b.id, { email: 'ANNA@shop.example' }, at(2))))).toBe(
          'DuplicateOperatorEmail',
        );
        expect(tagOf(await left(repos.operators.update(b.id + 100, { name: 'x' }, at(2))))).toBe('OperatorNotFound');
        expect((await right(repos.operators.list())).map((o) => o.id)).toEqual([a.id, b.id]);
        await right(repos.operators.recordPresence(a.id, at(3)));
        expect(await right(repos.operators.findById(a.id))).toMatchObject({ lastSeenAt: at(3) });
      });

      it('logins: found while current and the account active; ended one by one or all at once', async () => {
        const a = await newOperator('a@shop.example');
        const hash = (n: number) => n.toString(16).padStart(64, '0');
        await right(repos.operators.startLogin(hash(1), a.id, at(60), at(0)));
        await right(repos.operators.startLogin(hash(2), a.id, at(60), at(0)));
        expect(await right(repos.operators.findLogin(hash(1), at(30)))).toMatchObject({ id: a.id });
        expect(await right(repos.operators.findLogin(hash(1), at(61)))).toBeNull();
        expect(await right(repos.operators.findLogin(hash(3), at(30)))).toBeNull();
        await right(repos.operators.endLogin(hash(1)));
        expect(await right(repos.operators.findLogin(hash(1), at(30)))).toBeNull();
        expect(await right(repos.operators.findLogin(hash(2), at(30)))).toMatchObject({ id: a.id });
        await right(repos.operators.update(a.id, { isActive: false }, at(31)));
        expect(await right(repos.operators.findLogin(hash(2), at(32)))).toBeNull();
        expect(await right(repos.operators.endLoginsOf(a.id))).toBe(1);
      });
    });

    describe('contact requests', () => {
      it('stores, lists the open ones oldest first, marks handled once', async () => {
        const s = await newChat();
        const op = await newOperator('a@shop.example');
        const first = await right(
          repos.contactRequests.create(
            {
              sessionId: s.id,
              visitorId: s.visitorId,
              email: 'ivan@example.com',
              name: 'Иван',
              message: 'Перезвоните',
            },
            at(1),
          ),
        );
        const second = await right(
          repos.contactRequests.create(
            { sessionId: null, visitorId: null, email: 'x@example.com', name: null, message: null },
            at(2),
          ),
        );
        expect(first).toMatchObject({ email: 'ivan@example.com', name: 'Иван', handledAt: null, sessionId: s.id });
        expect((await right(repos.contactRequests.listOpen(10, 0))).map((r) => r.id)).toEqual([first.id, second.id]);
        expect((await right(repos.contactRequests.listOpen(10, 1))).map((r) => r.id)).toEqual([second.id]);
        const handled = await right(repos.contactRequests.markHandled(first.id, op.id, at(3)));
        expect(handled).toMatchObject({ handledAt: at(3), handledBy: op.id });
        expect(await right(repos.contactRequests.markHandled(first.id, op.id, at(9)))).toMatchObject({
          handledAt: at(3),
        });
        expect((await right(repos.contactRequests.listOpen(10, 0))).map((r) => r.id)).toEqual([second.id]);
        expect(tagOf(await left(repos.contactRequests.markHandled(second.id + 100, op.id, at(3))))).toBe(
          'ContactRequestNotFound',
        );
      });
    });
  });
};
