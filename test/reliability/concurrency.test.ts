/**
 * Concurrency guarantees through the use-cases, on sql.js and on PostgreSQL with a pool
 * of 8 (a real server: PGlite takes one connection at a time, which would serialise
 * everything and prove nothing). Each race is started with Promise.all so every call is
 * in flight before any finishes.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/index.js';
import type { DomainError } from '../../src/domain/errors.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import {
  openAssistant,
  postgresBackend,
  sqljsBackend,
  type ReliabilityBackend,
} from '../support/reliability-backends.js';
import { runServerTests } from '../support/server-requirement.js';

const POOL_SIZE = 8;

let database: PostgresTestDatabase | undefined;
const onServer = runServerTests('PostgreSQL concurrency tests (pool of 8)');
beforeAll(async () => {
  if (onServer) database = await startPostgresTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.close();
});

const backends: ReadonlyArray<ReliabilityBackend> = [
  sqljsBackend,
  ...(onServer ? [postgresBackend(() => database as PostgresTestDatabase, POOL_SIZE)] : []),
];

const run = <A>(task: TaskEither<DomainError, A>) => task();

const rights = <A>(results: ReadonlyArray<E.Either<DomainError, A>>): A[] =>
  results.filter(E.isRight).map((r) => r.right);
const leftTags = (results: ReadonlyArray<E.Either<DomainError, unknown>>): string[] =>
  results.filter(E.isLeft).map((r) => r.left._tag);

const mustRight = async <A>(task: TaskEither<DomainError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const VISITOR = '7f3a2c4e-1b2d-4c3e-8f9a-0b1c2d3e4f50';

describe.each(backends)('concurrency on $name', (backend) => {
  let assistant: Assistant;
  const open = async () => {
    assistant = await openAssistant(backend);
    return assistant.useCases;
  };
  afterEach(async () => {
    await assistant?.close();
  });

  it('50 parallel createOrGetVisitor and 50 parallel StartChat with one UUID: one visitor, no error', async () => {
    const u = await open();
    const visitors = await Promise.all(
      Array.from({ length: 50 }, (_, i) => run(u.createOrGetVisitor({ visitorId: VISITOR, ipAddress: `10.0.0.${i}` }))),
    );
    const chats = await Promise.all(
      Array.from({ length: 50 }, () => run(u.startChat({ visitorId: VISITOR.toUpperCase() }))),
    );
    expect(leftTags([...visitors, ...chats])).toEqual([]);
    const ids = new Set([...rights(visitors).map((v) => v.id), ...rights(chats).map((c) => c.visitor.id)]);
    expect(ids.size).toBe(1);
    const exported = await mustRight(u.exportVisitorData({ visitorUuid: VISITOR }));
    expect(exported.sessions).toHaveLength(50);
    expect(exported.sessions.every((s) => s.messages.length === 1 && s.messages[0]?.source === 'welcome')).toBe(true);
  });

  it('20 parallel registrations with one e-mail in different letter case: one user, the rest DuplicateEmail', async () => {
    const u = await open();
    const email = 'anna.petrova@example.com';
    const cased = (i: number) => [...email].map((c, j) => ((i >> (j % 5)) & 1 ? c.toUpperCase() : c)).join('');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => run(u.createUser({ username: `anna${i}`, email: cased(i) }))),
    );
    expect(rights(results)).toHaveLength(1);
    expect(leftTags(results)).toEqual(Array.from({ length: 19 }, () => 'DuplicateEmail'));
  });

  it('ConvertVisitorToUser racing 10 ProcessMessage and 3 StartChat: every session of the visitor gets the user, every message kept', async () => {
    const u = await open();
    const chat = await mustRight(u.startChat({ visitorId: VISITOR }));
    const [converted, ...others] = await Promise.all([
      run(u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna', email: 'anna@example.com' })),
      ...Array.from({ length: 10 }, (_, i) =>
        run(u.processMessage({ sessionUuid: chat.sessionUuid, message: `Вопрос ${i}`, clientMessageId: `m-${i}` })),
      ),
      ...Array.from({ length: 3 }, () => run(u.startChat({ visitorId: VISITOR }))),
    ]);
    if (!converted || E.isLeft(converted)) throw new Error(`conversion failed: ${JSON.stringify(converted)}`);
    expect(leftTags(others)).toEqual([]);
    const exported = await mustRight(u.exportVisitorData({ visitorUuid: VISITOR }));
    expect(exported.visitor.userId).toBe(converted.right.user.id);
    expect(exported.sessions).toHaveLength(4);
    expect(exported.sessions.filter((s) => s.session.userId !== converted.right.user.id)).toEqual([]);
    const userMessages = (await mustRight(u.getSessionMessages({ sessionUuid: chat.sessionUuid }))).filter(
      (m) => m.role === 'user',
    );
    expect(userMessages).toHaveLength(10);
    expect(new Set(userMessages.map((m) => m.clientMessageId)).size).toBe(10);
  });

  it.each([
    { case: 'different usernames', second: 'boris', conflicts: ['VisitorAlreadyConverted'] },
    { case: 'the same username', second: 'anna', conflicts: ['VisitorAlreadyConverted', 'DuplicateUsername'] },
  ])(
    'the same visitor converted twice at once ($case): one winner, one conflict, no split sessions',
    async ({ second, conflicts }) => {
      const u = await open();
      await mustRight(u.startChat({ visitorId: VISITOR }));
      await mustRight(u.startChat({ visitorId: VISITOR }));
      const results = await Promise.all([
        run(u.convertVisitorToUser({ visitorUuid: VISITOR, username: 'anna', email: 'anna@example.com' })),
        run(u.convertVisitorToUser({ visitorUuid: VISITOR, username: second, email: `${second}@example.org` })),
      ]);
      const winners = rights(results);
      expect(winners).toHaveLength(1);
      const [conflict] = leftTags(results);
      expect(conflicts).toContain(conflict);
      const winner = winners[0]?.user;
      const exported = await mustRight(u.exportVisitorData({ visitorUuid: VISITOR }));
      expect(exported.visitor.userId).toBe(winner?.id);
      expect(exported.sessions.map((s) => s.session.userId)).toEqual([winner?.id, winner?.id]);
      // the loser's user was rolled back with its transaction: its e-mail is free
      const loserEmail = winner?.username === 'anna' ? `${second}@example.org` : 'anna@example.com';
      if (second !== 'anna')
        expect(E.isRight(await run(u.createUser({ username: 'someone', email: loserEmail })))).toBe(true);
    },
  );

  it('200 parallel "helpful" marks and 200 FAQ answers (views) are all counted', async () => {
    const u = await open();
    const entry = await mustRight(
      u.addKnowledge({
        question: 'Как оформить заказ?',
        answer: 'Добавьте товар в корзину и нажмите «Оформить».',
        keywords: 'заказ оформление',
      }),
    );
    const chats = await Promise.all(Array.from({ length: 20 }, () => mustRight(u.startChat({}))));
    const answers = Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        run(u.processMessage({ sessionUuid: chats[i % 20]?.sessionUuid, message: 'Как оформить заказ?' })),
      ),
    );
    const helpful = Promise.all(Array.from({ length: 200 }, () => run(u.markAnswerHelpful({ id: entry.id }))));
    const [answered, marked] = await Promise.all([answers, helpful]);
    expect(leftTags([...answered, ...marked])).toEqual([]);
    expect(rights(answered).every((a) => a.source === 'faq' && a.knowledgeId === entry.id)).toBe(true);
    const [stored] = await mustRight(u.listKnowledge({}));
    expect(stored).toMatchObject({ helpfulCount: 200, viewsCount: 200 });
  });

  it('EndChat racing ProcessMessage and a second EndChat: one rating, late messages SessionEnded, accepted messages stored', async () => {
    const u = await open();
    const chat = await mustRight(u.startChat({}));
    const send = (i: number) =>
      run(u.processMessage({ sessionUuid: chat.sessionUuid, message: `Сообщение ${i}`, clientMessageId: `c-${i}` }));
    const early = Array.from({ length: 5 }, (_, i) => send(i));
    const firstEnd = run(u.endChat({ sessionUuid: chat.sessionUuid, rating: 5 }));
    const late = Array.from({ length: 5 }, (_, i) => send(i + 5));
    const secondEnd = run(u.endChat({ sessionUuid: chat.sessionUuid, rating: 2 }));
    const [sends, ends] = await Promise.all([Promise.all([...early, ...late]), Promise.all([firstEnd, secondEnd])]);
    expect(rights(ends)).toHaveLength(1);
    expect(leftTags(ends)).toEqual(['SessionEnded']);
    const winningRating = ends[0] && E.isRight(ends[0]) ? 5 : 2;
    expect((await mustRight(u.findSession({ sessionUuid: chat.sessionUuid })))?.satisfactionRating).toBe(winningRating);
    for (const tag of leftTags(sends)) expect(tag).toBe('SessionEnded');

    const stored = await mustRight(u.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    const storedIds = new Set(stored.map((m) => m.id));
    for (const accepted of rights(sends)) {
      expect(storedIds.has(accepted.userMessage.id)).toBe(true);
      expect(storedIds.has(accepted.assistantMessage?.id ?? 0)).toBe(true);
    }
    // A send rejected as SessionEnded may still have stored its question if the chat
    // ended between the question and the reply; never the reverse (a reply without a question).
    const userMessages = stored.filter((m) => m.role === 'user');
    expect(userMessages.length).toBeGreaterThanOrEqual(rights(sends).length);
    expect(new Set(userMessages.map((m) => m.clientMessageId)).size).toBe(userMessages.length);

    const after = await send(99);
    expect(E.isLeft(after) && after.left._tag).toBe('SessionEnded');
    expect(await mustRight(u.getSessionMessages({ sessionUuid: chat.sessionUuid }))).toHaveLength(stored.length);
  });
});
