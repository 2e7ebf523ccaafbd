/**
 * The storage contract: one suite, run against every adapter (sql.js, PostgreSQL).
 * It asserts only what the port doc comments in src/ports promise, with data whose
 * answer is unambiguous for any reasonable text ranking or vector index.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSIONS } from '../../src/domain/entities/knowledge-entry.js';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { NewKnowledgeEntry } from '../../src/ports/knowledge-base.js';
import type { NewMessage } from '../../src/ports/messages.js';
import type { Repositories, Storage } from '../../src/ports/repositories.js';
import type { VisitorDetails } from '../../src/ports/visitors.js';

export interface StorageHarness {
  /** A storage with an empty, freshly created schema; closed by the suite after each test. */
  open(): Promise<Storage>;
}

/** 2025-01-01 10:00 UTC plus `minutes`: fixed instants passed as `now`. */
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

const tagOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && '_tag' in error ? error._tag : error;

/** A unit vector with the given components (index → weight), normalised. */
const unit = (components: Record<number, number>): Float32Array => {
  const vector = new Float32Array(EMBEDDING_DIMENSIONS);
  let norm = 0;
  for (const [index, weight] of Object.entries(components)) {
    vector[Number(index)] = weight;
    norm += weight * weight;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
};

const visitor = (visitorId: string, extra: Partial<VisitorDetails> = {}): VisitorDetails => ({
  visitorId,
  ipAddress: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  deviceType: 'desktop',
  browser: 'Firefox',
  ...extra,
});

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A new FAQ entry with neutral defaults. */
export const entry = (fields: Partial<NewKnowledgeEntry> & Pick<NewKnowledgeEntry, 'question'>): NewKnowledgeEntry => ({
  answer: 'Ответ.',
  category: null,
  keywords: null,
  priority: 0,
  isActive: true,
  embedding: null,
  embeddingModel: null,
  ...fields,
});

/** A visitor's message to store. */
export const userMessage = (sessionId: number, content: string, clientMessageId: string | null = null): NewMessage => ({
  sessionId,
  role: 'user',
  content,
  tokensUsed: null,
  source: null,
  knowledgeId: null,
  clientMessageId,
});

/** Every letter-case variant of `s` selected by the bits of `n`. */
const caseVariant = (s: string, n: number): string =>
  [...s].map((c, i) => ((n >> (i % 16)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');

export const describeStorageContract = (adapterName: string, harness: StorageHarness): void => {
  describe(`Storage contract: ${adapterName}`, () => {
    let storage: Storage;
    let repos: Repositories;

    beforeEach(async () => {
      storage = await harness.open();
      repos = storage.repositories;
    });
    afterEach(async () => {
      await storage.close();
    });

    /** The session's messages that say something: without the `state` messages recording who answers. */
    const spoken = async (sessionId: number) =>
      (await right(repos.messages.listBySession(sessionId))).filter((m) => m.source !== 'state');

    const newSession = async (visitorUuid = uuid(1), sessionNumber = 1, now = at(0)) => {
      const v = await right(repos.visitors.upsert(visitor(visitorUuid), now));
      return right(
        repos.sessions.create(
          { visitorId: v.id, userId: null, sessionUuid: uuid(1000 + sessionNumber), title: null, pageUrl: null },
          now,
        ),
      );
    };

    describe('visitors', () => {
      it('inserts a visitor with its details', async () => {
        const v = await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        expect(v).toEqual({
          id: expect.any(Number),
          visitorId: uuid(1),
          ipAddress: '203.0.113.7',
          userAgent: 'Mozilla/5.0',
          deviceType: 'desktop',
          browser: 'Firefox',
          firstVisit: at(0),
          lastVisit: at(0),
          userId: null,
        });
        expect(await right(repos.visitors.findById(v.id))).toEqual(v);
        expect(await right(repos.visitors.findByUuid(uuid(1)))).toEqual(v);
      });

      it('upserting a known UUID updates last_visit and given details, keeping id, first_visit and absent details', async () => {
        const first = await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        const again = await right(
          repos.visitors.upsert(
            visitor(uuid(1), { ipAddress: '198.51.100.1', browser: null, userAgent: null }),
            at(30),
          ),
        );
        expect(again.id).toBe(first.id);
        expect(again.firstVisit).toEqual(at(0));
        expect(again.lastVisit).toEqual(at(30));
        expect(again.ipAddress).toBe('198.51.100.1');
        expect(again.browser).toBe('Firefox');
        expect(again.userAgent).toBe('Mozilla/5.0');
        expect(await right(repos.visitors.findByUuid(uuid(1)))).toEqual(again);
      });

      it('50 parallel upserts of one UUID all succeed with the same row', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => repos.visitors.upsert(visitor(uuid(7)), at(i))()),
        );
        const ids = results.map((r) => (E.isRight(r) ? r.right.id : `failed: ${JSON.stringify(r.left)}`));
        expect(new Set(ids).size).toBe(1);
        const stored = await right(repos.visitors.findByUuid(uuid(7)));
        expect(stored?.id).toBe(ids[0]);
        expect(stored?.firstVisit.getTime()).toBeGreaterThanOrEqual(at(0).getTime());
      });

      it('markConverted converts once, then reports VisitorAlreadyConverted; VisitorNotFound when absent', async () => {
        const v = await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        const first = await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(1)));
        const second = await right(repos.users.create({ username: 'boris', email: null, phone: null }, at(1)));
        const converted = await right(repos.visitors.markConverted(v.id, first.id));
        expect(converted.userId).toBe(first.id);
        expect(converted.id).toBe(v.id);
        expect(tagOf(await left(repos.visitors.markConverted(v.id, second.id)))).toBe('VisitorAlreadyConverted');
        expect((await right(repos.visitors.findById(v.id)))?.userId).toBe(first.id);
        expect(tagOf(await left(repos.visitors.markConverted(v.id + 1000, first.id)))).toBe('VisitorNotFound');
      });

      it('finds nothing for unknown ids and UUIDs', async () => {
        expect(await right(repos.visitors.findById(12345))).toBeNull();
        expect(await right(repos.visitors.findByUuid(uuid(99)))).toBeNull();
      });
    });

    describe('users', () => {
      it('creates a user and finds it by id', async () => {
        const u = await right(
          repos.users.create({ username: 'anna', email: 'Anna@Example.com', phone: '+79001234567' }, at(0)),
        );
        expect(u).toEqual({
          id: expect.any(Number),
          username: 'anna',
          email: 'Anna@Example.com',
          phone: '+79001234567',
          createdAt: at(0),
        });
        expect(await right(repos.users.findById(u.id))).toEqual(u);
        expect(await right(repos.users.findById(u.id + 1000))).toBeNull();
      });

      it('reports DuplicateUsername for a taken username', async () => {
        await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(0)));
        const error = await left(
          repos.users.create({ username: 'anna', email: 'other@example.com', phone: null }, at(1)),
        );
        expect(error).toEqual({ _tag: 'DuplicateUsername', username: 'anna' });
      });

      it('reports DuplicateEmail for the same e-mail in another letter case', async () => {
        await right(repos.users.create({ username: 'anna', email: 'anna@example.com', phone: null }, at(0)));
        const error = await left(
          repos.users.create({ username: 'anna2', email: 'ANNA@Example.COM', phone: null }, at(1)),
        );
        expect(tagOf(error)).toBe('DuplicateEmail');
      });

      it('allows many users without an e-mail', async () => {
        await right(repos.users.create({ username: 'a', email: null, phone: null }, at(0)));
        await right(repos.users.create({ username: 'b', email: null, phone: null }, at(0)));
      });

      it('20 parallel registrations of one e-mail in different cases: exactly one wins', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            repos.users.create(
              { username: `racer${i}`, email: caseVariant('race@example.com', i), phone: null },
              at(0),
            )(),
          ),
        );
        expect(results.filter(E.isRight)).toHaveLength(1);
        const failures = results.filter(E.isLeft).map((r) => tagOf(r.left));
        expect(failures).toEqual(Array.from({ length: 19 }, () => 'DuplicateEmail'));
      });
    });

    describe('sessions', () => {
      it('creates an active session for a visitor', async () => {
        const v = await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        const s = await right(
          repos.sessions.create(
            {
              visitorId: v.id,
              userId: null,
              sessionUuid: uuid(500),
              title: 'Доставка',
              pageUrl: 'https://shop.example/',
            },
            at(1),
          ),
        );
        expect(s).toEqual({
          id: expect.any(Number),
          visitorId: v.id,
          userId: null,
          sessionUuid: uuid(500),
          title: 'Доставка',
          pageUrl: 'https://shop.example/',
          createdAt: at(1),
          updatedAt: at(1),
          endedAt: null,
          isActive: true,
          satisfactionRating: null,
          handling: 'bot',
          operatorId: null,
          widgetProfile: null,
          waitingSince: null,
          handoffAt: null,
          assignedAt: null,
          firstResponseAt: null,
        });
        expect(await right(repos.sessions.findById(s.id))).toEqual(s);
        expect(await right(repos.sessions.findByUuid(uuid(500)))).toEqual(s);
        expect(await right(repos.sessions.findByUuid(uuid(501)))).toBeNull();
        expect(await right(repos.sessions.findById(s.id + 1000))).toBeNull();
      });

      it('creates a session for a user without a visitor', async () => {
        const u = await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(0)));
        const s = await right(
          repos.sessions.create(
            { visitorId: null, userId: u.id, sessionUuid: uuid(500), title: null, pageUrl: null },
            at(1),
          ),
        );
        expect(s.userId).toBe(u.id);
        expect(s.visitorId).toBeNull();
      });

      it('reports VisitorNotFound and UserNotFound for unknown references', async () => {
        const v = await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        const noVisitor = await left(
          repos.sessions.create(
            { visitorId: v.id + 1000, userId: null, sessionUuid: uuid(500), title: null, pageUrl: null },
            at(1),
          ),
        );
        expect(tagOf(noVisitor)).toBe('VisitorNotFound');
        const noUser = await left(
          repos.sessions.create(
            { visitorId: v.id, userId: 4242, sessionUuid: uuid(501), title: null, pageUrl: null },
            at(1),
          ),
        );
        expect(noUser).toEqual({ _tag: 'UserNotFound', userId: 4242 });
        expect(await right(repos.sessions.listByVisitor(v.id))).toEqual([]);
      });

      it("gives a converted visitor's new session the visitor's user", async () => {
        const v = await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        const u = await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(0)));
        await right(repos.visitors.markConverted(v.id, u.id));
        const s = await right(
          repos.sessions.create(
            { visitorId: v.id, userId: null, sessionUuid: uuid(500), title: null, pageUrl: null },
            at(1),
          ),
        );
        expect(s.userId).toBe(u.id);
        expect(s.visitorId).toBe(v.id);
      });

      it('ends a session with a rating, once; a second end is SessionEnded and keeps the first rating', async () => {
        const s = await newSession();
        const ended = await right(repos.sessions.end(s.id, 4, at(10)));
        expect(ended).toMatchObject({ id: s.id, isActive: false, endedAt: at(10), satisfactionRating: 4 });
        expect(tagOf(await left(repos.sessions.end(s.id, 1, at(11))))).toBe('SessionEnded');
        const stored = await right(repos.sessions.findById(s.id));
        expect(stored).toMatchObject({ isActive: false, endedAt: at(10), satisfactionRating: 4 });
      });

      it('ends a session without a rating', async () => {
        const s = await newSession();
        const ended = await right(repos.sessions.end(s.id, null, at(10)));
        expect(ended).toMatchObject({ isActive: false, endedAt: at(10), satisfactionRating: null });
        expect(tagOf(await left(repos.sessions.end(s.id, 5, at(11))))).toBe('SessionEnded');
        expect((await right(repos.sessions.findById(s.id)))?.satisfactionRating).toBeNull();
      });

      it('reports SessionNotFound when ending an unknown session', async () => {
        expect(tagOf(await left(repos.sessions.end(9999, null, at(0))))).toBe('SessionNotFound');
      });

      it('lists active sessions oldest first, page by page', async () => {
        const sessions: ChatSession[] = [];
        for (let i = 1; i <= 5; i++) sessions.push(await newSession(uuid(1), i, at(i)));
        await right(repos.sessions.end(sessions[1]?.id ?? 0, null, at(20)));
        const ids = (page: ReadonlyArray<{ id: number }>) => page.map((s) => s.id);
        const expected = [0, 2, 3, 4].map((i) => sessions[i]?.id);
        expect(ids(await right(repos.sessions.listActive({ limit: 2, offset: 0 })))).toEqual(expected.slice(0, 2));
        expect(ids(await right(repos.sessions.listActive({ limit: 2, offset: 2 })))).toEqual(expected.slice(2, 4));
        expect(ids(await right(repos.sessions.listActive({ limit: 10, offset: 4 })))).toEqual([]);
      });

      it("lists a visitor's sessions and assigns them all to a user", async () => {
        const first = await newSession(uuid(1), 1, at(0));
        const second = await newSession(uuid(1), 2, at(1));
        await newSession(uuid(2), 3, at(2));
        const visitorId = first.visitorId ?? 0;
        await right(repos.sessions.end(first.id, null, at(3)));
        expect((await right(repos.sessions.listByVisitor(visitorId))).map((s) => s.id)).toEqual([first.id, second.id]);
        const u = await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(4)));
        expect(await right(repos.sessions.assignVisitorSessionsToUser(visitorId, u.id, at(5)))).toBe(2);
        const after = await right(repos.sessions.listByVisitor(visitorId));
        expect(after.map((s) => [s.userId, s.visitorId])).toEqual([
          [u.id, visitorId],
          [u.id, visitorId],
        ]);
        const other = await right(repos.visitors.findByUuid(uuid(2)));
        expect((await right(repos.sessions.listByVisitor(other?.id ?? 0))).map((s) => s.userId)).toEqual([null]);
      });
    });

    describe('messages', () => {
      it('stores a message, bumps the session updated_at and lists by timestamp then id', async () => {
        const s = await newSession();
        const later = await right(repos.messages.add(userMessage(s.id, 'второе'), at(5)));
        expect(later.created).toBe(true);
        expect(later.message).toEqual({
          id: expect.any(Number),
          sessionId: s.id,
          role: 'user',
          content: 'второе',
          timestamp: at(5),
          tokensUsed: null,
          source: null,
          knowledgeId: null,
          clientMessageId: null,
          operatorId: null,
          groundingIds: [],
        });
        expect((await right(repos.sessions.findById(s.id)))?.updatedAt).toEqual(at(5));
        const tiedA = await right(
          repos.messages.add(
            { ...userMessage(s.id, 'третье'), role: 'assistant', tokensUsed: 12, source: 'ai' },
            at(5),
          ),
        );
        const earlier = await right(repos.messages.add(userMessage(s.id, 'первое'), at(2)));
        const tiedB = await right(repos.messages.add(userMessage(s.id, 'четвёртое'), at(5)));
        const listed = await right(repos.messages.listBySession(s.id));
        expect(listed.map((m) => m.content)).toEqual(['первое', 'второе', 'третье', 'четвёртое']);
        expect(listed.map((m) => m.id)).toEqual([
          earlier.message.id,
          later.message.id,
          tiedA.message.id,
          tiedB.message.id,
        ]);
        expect(listed[2]).toMatchObject({ role: 'assistant', tokensUsed: 12, source: 'ai' });
      });

      it('records the knowledge entry an answer came from', async () => {
        const s = await newSession();
        const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
        const added = await right(
          repos.messages.add(
            { ...userMessage(s.id, 'ответ'), role: 'assistant', source: 'faq', knowledgeId: k?.id ?? 0 },
            at(1),
          ),
        );
        expect(added.message).toMatchObject({ source: 'faq', knowledgeId: k?.id });
      });

      it('rejects messages to ended and unknown sessions', async () => {
        const s = await newSession();
        await right(repos.sessions.end(s.id, null, at(1)));
        expect(tagOf(await left(repos.messages.add(userMessage(s.id, 'поздно'), at(2))))).toBe('SessionEnded');
        expect(tagOf(await left(repos.messages.add(userMessage(s.id + 1000, 'кому?'), at(2))))).toBe('SessionNotFound');
        expect(await spoken(s.id)).toEqual([]);
        expect((await right(repos.sessions.findById(s.id)))?.updatedAt).toEqual(at(1));
      });

      it('stores a repeated clientMessageId once and returns the first message', async () => {
        const s = await newSession();
        const first = await right(repos.messages.add(userMessage(s.id, 'привет', 'client-1'), at(1)));
        const again = await right(repos.messages.add(userMessage(s.id, 'привет (повтор)', 'client-1'), at(2)));
        expect(first.created).toBe(true);
        expect(again.created).toBe(false);
        expect(again.message).toEqual(first.message);
        const other = await newSession(uuid(2), 2);
        const elsewhere = await right(repos.messages.add(userMessage(other.id, 'привет', 'client-1'), at(3)));
        expect(elsewhere.created).toBe(true);
        expect(await right(repos.messages.listBySession(s.id))).toEqual([first.message]);
      });

      it('EndChat racing 10 parallel adds: each add lands before the end or gets SessionEnded', async () => {
        const s = await newSession();
        const add = (i: number) => repos.messages.add(userMessage(s.id, `сообщение ${i}`), at(1))();
        const before = Array.from({ length: 5 }, (_, i) => add(i));
        const ending = repos.sessions.end(s.id, 5, at(2))();
        const after = Array.from({ length: 5 }, (_, i) => add(i + 5));
        const [adds, endResult] = await Promise.all([Promise.all([...before, ...after]), ending]);
        expect(E.isRight(endResult)).toBe(true);
        const successes = adds.filter(E.isRight).length;
        for (const r of adds) if (E.isLeft(r)) expect(tagOf(r.left)).toBe('SessionEnded');
        expect(await spoken(s.id)).toHaveLength(successes);
        expect(tagOf(await left(repos.messages.add(userMessage(s.id, 'после'), at(3))))).toBe('SessionEnded');
        expect(await spoken(s.id)).toHaveLength(successes);
      });
    });

    describe('knowledge base', () => {
      it('adds entries in the given order and finds them', async () => {
        const added = await right(
          repos.knowledge.addMany(
            [
              entry({
                question: 'Первый',
                answer: 'А',
                category: 'delivery',
                keywords: 'курьер',
                priority: 2,
                embedding: unit({ 0: 1 }),
                embeddingModel: 'test-model',
              }),
              entry({ question: 'Второй', isActive: false }),
              entry({ question: 'Третий' }),
            ],
            at(0),
          ),
        );
        expect(added.map((e) => e.question)).toEqual(['Первый', 'Второй', 'Третий']);
        expect(added[0]).toEqual({
          id: expect.any(Number),
          question: 'Первый',
          answer: 'А',
          category: 'delivery',
          keywords: 'курьер',
          priority: 2,
          isActive: true,
          viewsCount: 0,
          helpfulCount: 0,
          embeddingModel: 'test-model',
          createdAt: at(0),
          updatedAt: at(0),
        });
        const ids = added.map((e) => e.id);
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
        expect(await right(repos.knowledge.findById(ids[1] ?? 0))).toEqual(added[1]);
        expect(await right(repos.knowledge.findById(9999))).toBeNull();
        expect(await right(repos.knowledge.addMany([], at(0)))).toEqual([]);
      });

      it('lists entries by id, with or without inactive ones, page by page', async () => {
        const added = await right(
          repos.knowledge.addMany(
            [
              entry({ question: 'a' }),
              entry({ question: 'b', isActive: false }),
              entry({ question: 'c' }),
              entry({ question: 'd' }),
            ],
            at(0),
          ),
        );
        const q = (e: ReadonlyArray<{ question: string }>) => e.map((x) => x.question);
        expect(q(await right(repos.knowledge.list({ limit: 10, offset: 0, includeInactive: true })))).toEqual([
          'a',
          'b',
          'c',
          'd',
        ]);
        expect(q(await right(repos.knowledge.list({ limit: 10, offset: 0, includeInactive: false })))).toEqual([
          'a',
          'c',
          'd',
        ]);
        expect(q(await right(repos.knowledge.list({ limit: 2, offset: 1, includeInactive: false })))).toEqual([
          'c',
          'd',
        ]);
        expect(added).toHaveLength(4);
      });

      it('updates only the patched fields', async () => {
        const [original] = await right(
          repos.knowledge.addMany(
            [
              entry({
                question: 'Сроки доставки',
                answer: 'Три дня',
                category: 'delivery',
                keywords: 'курьер',
                priority: 1,
              }),
            ],
            at(0),
          ),
        );
        const id = original?.id ?? 0;
        const updated = await right(
          repos.knowledge.update(id, { answer: 'Два дня', priority: 5, keywords: null }, at(10)),
        );
        expect(updated).toEqual({ ...original, answer: 'Два дня', priority: 5, keywords: null, updatedAt: at(10) });
        expect(await right(repos.knowledge.findById(id))).toEqual(updated);
        expect(await left(repos.knowledge.update(id + 1000, { answer: 'x' }, at(11)))).toEqual({
          _tag: 'KnowledgeEntryNotFound',
          entryId: id + 1000,
        });
      });

      it('vector search: most similar first, priority then id break ties, inactive and unembedded entries excluded', async () => {
        const added = await right(
          repos.knowledge.addMany(
            [
              entry({ question: 'far', embedding: unit({ 1: 1 }) }),
              entry({ question: 'tie-low-priority', embedding: unit({ 0: 1, 1: 1 }), priority: 0 }),
              entry({ question: 'exact', embedding: unit({ 0: 1 }) }),
              entry({ question: 'tie-high-priority', embedding: unit({ 0: 1, 1: 1 }), priority: 3 }),
              entry({ question: 'tie-low-priority-later', embedding: unit({ 0: 1, 1: 1 }), priority: 0 }),
              entry({ question: 'inactive-exact', embedding: unit({ 0: 1 }), isActive: false }),
              entry({ question: 'no-embedding' }),
              entry({ question: 'closer', embedding: unit({ 0: 3, 1: 1 }) }),
            ],
            at(0),
          ),
        );
        expect(added).toHaveLength(8);
        const hits = await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 10 }));
        expect(hits.map((h) => h.entry.question)).toEqual([
          'exact',
          'closer',
          'tie-high-priority',
          'tie-low-priority',
          'tie-low-priority-later',
          'far',
        ]);
        expect(hits[0]?.score).toBeCloseTo(1, 5);
        expect(hits[1]?.score).toBeCloseTo(3 / Math.sqrt(10), 5);
        expect(hits[2]?.score).toBeCloseTo(Math.SQRT1_2, 5);
        expect(hits[5]?.score).toBeCloseTo(0, 5);
        const top2 = await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 2 }));
        expect(top2.map((h) => h.entry.question)).toEqual(['exact', 'closer']);
      });

      it('vector search with a category filter still returns `limit` rows', async () => {
        const near = Array.from({ length: 60 }, (_, i) =>
          entry({ question: `near ${i}`, category: 'other', embedding: unit({ 0: 1, [10 + i]: 0.1 }) }),
        );
        const wanted = Array.from({ length: 5 }, (_, i) =>
          entry({ question: `wanted ${i}`, category: 'target', embedding: unit({ 0: 0.2 + i * 0.1, [200 + i]: 1 }) }),
        );
        await right(repos.knowledge.addMany([...near, ...wanted], at(0)));
        const hits = await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: 'target', limit: 3 }));
        expect(hits.map((h) => h.entry.question)).toEqual(['wanted 4', 'wanted 3', 'wanted 2']);
        expect(await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: 'missing', limit: 3 }))).toEqual(
          [],
        );
      });

      it('vector search follows updates of the embedding, activity and category', async () => {
        const [a, b] = await right(
          repos.knowledge.addMany(
            [
              entry({ question: 'a', embedding: unit({ 0: 1 }), category: 'x' }),
              entry({ question: 'b', embedding: unit({ 1: 1 }), category: 'x' }),
            ],
            at(0),
          ),
        );
        const search = async (category: string | null) =>
          (await right(repos.knowledge.searchByVector(unit({ 1: 1 }), { category, limit: 5 }))).map(
            (h) => h.entry.question,
          );
        expect(await search(null)).toEqual(['b', 'a']);
        await right(
          repos.knowledge.update(a?.id ?? 0, { embedding: unit({ 1: 1, 0: 0.01 }), embeddingModel: 'm2' }, at(1)),
        );
        await right(repos.knowledge.update(b?.id ?? 0, { isActive: false }, at(1)));
        expect(await search(null)).toEqual(['a']);
        await right(repos.knowledge.update(a?.id ?? 0, { category: 'y' }, at(2)));
        expect(await search('x')).toEqual([]);
        expect(await search('y')).toEqual(['a']);
        await right(repos.knowledge.update(a?.id ?? 0, { embedding: null, embeddingModel: null }, at(3)));
        expect(await search(null)).toEqual([]);
        expect((await right(repos.knowledge.findById(a?.id ?? 0)))?.embeddingModel).toBeNull();
      });

      it('text search matches inflected words, ranks question matches above answer-only ones, skips inactive entries', async () => {
        await right(
          repos.knowledge.addMany(
            [
              entry({
                question: 'Способы оплаты',
                answer: 'Оплата картой или наличными при доставке курьером.',
                category: 'payment',
              }),
              entry({
                question: 'Сроки доставки по Москве',
                answer: 'Курьер привезёт заказ за один-два дня.',
                category: 'delivery',
              }),
              entry({
                question: 'Доставка за границу',
                answer: 'Отправляем почтой в другие страны.',
                category: 'delivery',
                isActive: false,
              }),
              entry({
                question: 'Возврат товара',
                answer: 'Вернуть товар можно в течение 14 дней.',
                category: 'returns',
              }),
            ],
            at(0),
          ),
        );
        const hits = await right(repos.knowledge.searchByText('доставка', { category: null, limit: 10 }));
        expect(hits.map((h) => h.entry.question)).toEqual(['Сроки доставки по Москве', 'Способы оплаты']);
        for (const h of hits) expect(h.score).toBeGreaterThan(0);
        expect(hits[0]?.score ?? 0).toBeGreaterThanOrEqual(hits[1]?.score ?? 0);
        const upper = await right(repos.knowledge.searchByText('ДОСТАВКУ', { category: null, limit: 1 }));
        expect(upper.map((h) => h.entry.question)).toEqual(['Сроки доставки по Москве']);
        const filtered = await right(repos.knowledge.searchByText('доставка', { category: 'payment', limit: 10 }));
        expect(filtered.map((h) => h.entry.question)).toEqual(['Способы оплаты']);
        expect(await right(repos.knowledge.searchByText('гарантия', { category: null, limit: 10 }))).toEqual([]);
        const returns = await right(repos.knowledge.searchByText('возвраты', { category: null, limit: 10 }));
        expect(returns.map((h) => h.entry.question)).toEqual(['Возврат товара']);
      });

      it('text search sees the words inside e-mails, hosts, URLs and slash-joined names', async () => {
        const [card, help] = await right(
          repos.knowledge.addMany(
            [
              entry({ question: 'Какие карты принимаете?', answer: 'Visa/MasterCard и Мир' }),
              entry({ question: 'Как связаться?', answer: 'Пишите на support@shop.ru или откройте shop.ru/help' }),
            ],
            at(0),
          ),
        );
        const found = async (text: string) =>
          (await right(repos.knowledge.searchByText(text, { category: null, limit: 5 }))).map((h) => h.entry.id);
        expect(await found('visa')).toEqual([card?.id]);
        expect(await found('mastercard')).toEqual([card?.id]);
        expect(await found('support')).toEqual([help?.id]);
        expect(await found('help')).toEqual([help?.id]);
      });

      it('text search breaks equal relevance by priority, then id, and follows updates', async () => {
        const added = await right(
          repos.knowledge.addMany(
            [
              entry({ question: 'Оплата картой', answer: 'Да.' }),
              entry({ question: 'Оплата картой', answer: 'Да.', priority: 5 }),
              entry({ question: 'Оплата картой', answer: 'Да.' }),
            ],
            at(0),
          ),
        );
        const ids = added.map((e) => e.id);
        const search = async () =>
          (await right(repos.knowledge.searchByText('карта', { category: null, limit: 10 }))).map((h) => h.entry.id);
        expect(await search()).toEqual([ids[1], ids[0], ids[2]]);
        await right(repos.knowledge.update(ids[1] ?? 0, { isActive: false }, at(1)));
        await right(repos.knowledge.update(ids[0] ?? 0, { question: 'Оплата наличными' }, at(1)));
        expect(await search()).toEqual([ids[2]]);
      });

      it('200 parallel helpful and view increments are all counted', async () => {
        const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
        const id = k?.id ?? 0;
        const results = await Promise.all([
          ...Array.from({ length: 200 }, () => repos.knowledge.incrementHelpful(id)()),
          ...Array.from({ length: 200 }, () => repos.knowledge.incrementViews(id)()),
        ]);
        expect(results.every(E.isRight)).toBe(true);
        expect(await right(repos.knowledge.findById(id))).toMatchObject({ helpfulCount: 200, viewsCount: 200 });
        expect(tagOf(await left(repos.knowledge.incrementHelpful(id + 1000)))).toBe('KnowledgeEntryNotFound');
        expect(tagOf(await left(repos.knowledge.incrementViews(id + 1000)))).toBe('KnowledgeEntryNotFound');
      });

      describe('helpful votes', () => {
        const twoVisitors = async () => ({
          first: await right(repos.visitors.upsert(visitor(uuid(1)), at(0))),
          second: await right(repos.visitors.upsert(visitor(uuid(2)), at(0))),
        });

        it('counts one vote per visitor and entry: 20 votes of one visitor are 1, a second visitor makes 2', async () => {
          const [k, other] = await right(
            repos.knowledge.addMany([entry({ question: 'Сроки доставки' }), entry({ question: 'Оплата' })], at(0)),
          );
          const id = k?.id ?? 0;
          const { first, second } = await twoVisitors();
          const outcomes = [];
          for (let i = 0; i < 20; i++) {
            outcomes.push(await right(repos.knowledge.recordHelpfulVote(id, { visitorUuid: first.visitorId })));
          }
          expect(outcomes.map((o) => o.counted)).toEqual([true, ...Array.from({ length: 19 }, () => false)]);
          expect((await right(repos.knowledge.findById(id)))?.helpfulCount).toBe(1);
          // the same visitor by numeric id, and by its UUID in another letter case, is still the same voter
          expect(await right(repos.knowledge.recordHelpfulVote(id, { visitorId: first.id }))).toEqual({
            counted: false,
          });
          expect(
            await right(repos.knowledge.recordHelpfulVote(id, { visitorUuid: first.visitorId.toUpperCase() })),
          ).toEqual({ counted: false });
          expect(await right(repos.knowledge.recordHelpfulVote(id, { visitorId: second.id }))).toEqual({
            counted: true,
          });
          expect((await right(repos.knowledge.findById(id)))?.helpfulCount).toBe(2);
          // a vote is for one entry: the other one is untouched, and takes the first visitor's vote
          expect((await right(repos.knowledge.findById(other?.id ?? 0)))?.helpfulCount).toBe(0);
          await right(repos.knowledge.recordHelpfulVote(other?.id ?? 0, { visitorId: first.id }));
          expect((await right(repos.knowledge.findById(other?.id ?? 0)))?.helpfulCount).toBe(1);
          // counts and votes add up with the views and trusted counts of the same entry
          await right(repos.knowledge.incrementViews(id));
          await right(repos.knowledge.incrementHelpful(id));
          expect(await right(repos.knowledge.findById(id))).toMatchObject({ helpfulCount: 3, viewsCount: 1 });
        });

        it('20 concurrent votes of one visitor count once', async () => {
          const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
          const id = k?.id ?? 0;
          const { first } = await twoVisitors();
          const outcomes = await Promise.all(
            Array.from({ length: 20 }, () => right(repos.knowledge.recordHelpfulVote(id, { visitorId: first.id }))),
          );
          expect(outcomes.filter((o) => o.counted)).toHaveLength(1);
          expect((await right(repos.knowledge.findById(id)))?.helpfulCount).toBe(1);
        });

        it('names a missing entry or visitor, and counts nothing', async () => {
          const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
          const id = k?.id ?? 0;
          const { first } = await twoVisitors();
          expect(tagOf(await left(repos.knowledge.recordHelpfulVote(id + 1000, { visitorId: first.id })))).toBe(
            'KnowledgeEntryNotFound',
          );
          expect(tagOf(await left(repos.knowledge.recordHelpfulVote(id, { visitorId: first.id + 1000 })))).toBe(
            'VisitorNotFound',
          );
          expect(tagOf(await left(repos.knowledge.recordHelpfulVote(id, { visitorUuid: uuid(99) })))).toBe(
            'VisitorNotFound',
          );
          expect((await right(repos.knowledge.findById(id)))?.helpfulCount).toBe(0);
        });

        it('an erased visitor takes its votes along; the count they made stays', async () => {
          const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
          const id = k?.id ?? 0;
          const { first } = await twoVisitors();
          await right(repos.knowledge.recordHelpfulVote(id, { visitorId: first.id }));
          await right(repos.visitors.erase(first.id));
          expect((await right(repos.knowledge.findById(id)))?.helpfulCount).toBe(1);
          // the same UUID comes back as a new visitor, whose vote is a new one
          const again = await right(repos.visitors.upsert(visitor(uuid(1)), at(1)));
          expect(await right(repos.knowledge.recordHelpfulVote(id, { visitorId: again.id }))).toEqual({
            counted: true,
          });
          expect((await right(repos.knowledge.findById(id)))?.helpfulCount).toBe(2);
        });
      });

      it('counts stay with their entry through edits, deactivation and every read', async () => {
        const [k] = await right(
          repos.knowledge.addMany(
            [entry({ question: 'Сроки доставки', answer: 'Два дня.', embedding: unit({ 0: 1 }), embeddingModel: 'm' })],
            at(0),
          ),
        );
        const id = k?.id ?? 0;
        expect(k).toMatchObject({ viewsCount: 0, helpfulCount: 0 });
        await right(repos.knowledge.incrementViews(id));
        await right(repos.knowledge.incrementViews(id));
        await right(repos.knowledge.incrementHelpful(id));
        const counts = { viewsCount: 2, helpfulCount: 1 };
        expect(await right(repos.knowledge.update(id, { answer: 'Три дня.' }, at(1)))).toMatchObject(counts);
        expect(await right(repos.knowledge.findById(id))).toMatchObject(counts);
        expect(await right(repos.knowledge.list({ limit: 10, offset: 0, includeInactive: false }))).toMatchObject([
          counts,
        ]);
        const query = { category: null, limit: 5 };
        expect((await right(repos.knowledge.searchByText('сроки', query)))[0]?.entry).toMatchObject(counts);
        expect((await right(repos.knowledge.searchByVector(unit({ 0: 1 }), query)))[0]?.entry).toMatchObject(counts);
        const hybrid = await right(repos.knowledge.searchHybrid(unit({ 0: 1 }), 'сроки', query));
        expect([hybrid.byVector[0]?.entry, hybrid.byText[0]?.entry]).toMatchObject([counts, counts]);
        expect(await right(repos.knowledge.update(id, { isActive: false }, at(2)))).toMatchObject(counts);
        expect(await right(repos.knowledge.list({ limit: 10, offset: 0, includeInactive: true }))).toMatchObject([
          counts,
        ]);
      });

      it('counts entries per category, active or not, null last', async () => {
        await right(
          repos.knowledge.addMany(
            [
              entry({ question: '1', category: 'payment' }),
              entry({ question: '2', category: null }),
              entry({ question: '3', category: 'delivery', isActive: false }),
              entry({ question: '4', category: 'delivery' }),
            ],
            at(0),
          ),
        );
        expect(await right(repos.knowledge.countByCategory())).toEqual([
          { category: 'delivery', count: 2 },
          { category: 'payment', count: 1 },
          { category: null, count: 1 },
        ]);
      });
    });

    describe('widget profiles', () => {
      const hours = {
        timezone: 'Europe/Moscow',
        monday: { start: '09:00', end: '18:00' },
        saturday: { start: '10:00', end: '16:00' },
      };

      it('creates a profile with defaults, then changes only the given fields', async () => {
        const created = await right(
          repos.widgets.upsert('default', { botName: 'Ассистент', primaryColor: '#4CAF50' }, at(0)),
        );
        expect(created).toEqual({
          id: expect.any(Number),
          name: 'default',
          welcomeMessage: null,
          placeholderText: null,
          botName: 'Ассистент',
          botAvatarUrl: null,
          primaryColor: '#4CAF50',
          position: null,
          autoOpenDelay: null,
          offlineMessage: null,
          isActive: true,
          businessHours: null,
          language: 'ru',
          createdAt: at(0),
          updatedAt: at(0),
        });
        const changed = await right(
          repos.widgets.upsert(
            'default',
            { welcomeMessage: 'Здравствуйте!', position: 'bottom-left', autoOpenDelay: 5, businessHours: hours },
            at(5),
          ),
        );
        expect(changed).toEqual({
          ...created,
          welcomeMessage: 'Здравствуйте!',
          position: 'bottom-left',
          autoOpenDelay: 5,
          businessHours: hours,
          updatedAt: at(5),
        });
        const cleared = await right(
          repos.widgets.upsert('default', { botName: null, businessHours: null, isActive: false }, at(6)),
        );
        expect(cleared).toEqual({ ...changed, botName: null, businessHours: null, isActive: false, updatedAt: at(6) });
        expect(await right(repos.widgets.findByName('default'))).toEqual(cleared);
        expect(await right(repos.widgets.findByName('nope'))).toBeNull();
      });

      it('round-trips business hours and lists profiles by name', async () => {
        await right(repos.widgets.upsert('support', { businessHours: hours }, at(0)));
        await right(repos.widgets.upsert('default', {}, at(0)));
        await right(repos.widgets.upsert('sales', { offlineMessage: 'Мы offline' }, at(0)));
        const list = await right(repos.widgets.list());
        expect(list.map((p) => p.name)).toEqual(['default', 'sales', 'support']);
        expect(list[2]?.businessHours).toEqual(hours);
        expect(list[1]?.offlineMessage).toBe('Мы offline');
      });

      it('stores the language of the widget texts, Russian unless told', async () => {
        const created = await right(repos.widgets.upsert('shop-en', { language: 'en', botName: 'Helper' }, at(0)));
        expect(created.language).toBe('en');
        // an update that does not mention the language keeps it
        expect((await right(repos.widgets.upsert('shop-en', { botName: 'Max' }, at(1)))).language).toBe('en');
        expect((await right(repos.widgets.upsert('shop-en', { language: 'ru' }, at(2)))).language).toBe('ru');
        expect((await right(repos.widgets.findByName('shop-en')))?.language).toBe('ru');
      });
    });

    describe('agent context', () => {
      it('sets, gets and overwrites a key, keeping created_at', async () => {
        const first = await right(repos.context.set('system_prompt', 'Ты помощник магазина.', 'ai', at(0)));
        expect(first).toEqual({
          id: expect.any(Number),
          key: 'system_prompt',
          value: 'Ты помощник магазина.',
          category: 'ai',
          createdAt: at(0),
          updatedAt: at(0),
        });
        expect(await right(repos.context.get('system_prompt'))).toEqual(first);
        const second = await right(repos.context.set('system_prompt', 'Отвечай кратко.', 'prompts', at(9)));
        expect(second).toEqual({ ...first, value: 'Отвечай кратко.', category: 'prompts', updatedAt: at(9) });
        expect(await right(repos.context.get('system_prompt'))).toEqual(second);
        expect(await right(repos.context.get('missing'))).toBeNull();
      });

      it('lists entries by key, optionally of one category', async () => {
        await right(repos.context.set('b_temperature', '0.2', 'ai', at(0)));
        await right(repos.context.set('a_model', 'deepseek-chat', 'ai', at(0)));
        await right(repos.context.set('c_shop', 'Магазин', null, at(0)));
        expect((await right(repos.context.list(null))).map((e) => e.key)).toEqual([
          'a_model',
          'b_temperature',
          'c_shop',
        ]);
        expect((await right(repos.context.list('ai'))).map((e) => e.key)).toEqual(['a_model', 'b_temperature']);
      });
    });

    describe('unit of work', () => {
      it('commits the work when it returns Right', async () => {
        const result = await right(
          storage.unitOfWork.transaction((tx) =>
            pipe(
              TE.Do,
              TE.bindW('user', () => tx.users.create({ username: 'anna', email: null, phone: null }, at(0))),
              TE.bindW('visitor', () => tx.visitors.upsert(visitor(uuid(1)), at(0))),
              TE.bindW('converted', ({ user, visitor: v }) => tx.visitors.markConverted(v.id, user.id)),
            ),
          ),
        );
        expect(await right(repos.users.findById(result.user.id))).toEqual(result.user);
        expect((await right(repos.visitors.findByUuid(uuid(1))))?.userId).toBe(result.user.id);
      });

      it('rolls everything back when the work returns Left, including search indexes', async () => {
        let userId = 0;
        const outcome = await storage.unitOfWork.transaction((tx) =>
          pipe(
            TE.Do,
            TE.bindW('user', () =>
              tx.users.create({ username: 'anna', email: 'anna@example.com', phone: null }, at(0)),
            ),
            TE.tap(({ user }) => {
              userId = user.id;
              return tx.knowledge.addMany(
                [
                  entry({ question: 'Сроки доставки', embedding: unit({ 0: 1 }) }),
                  entry({ question: 'Доставка курьером', embedding: unit({ 0: 1 }) }),
                ],
                at(0),
              );
            }),
            TE.flatMap(() => TE.left({ _tag: 'Cancelled' as const })),
          ),
        )();
        expect(outcome).toEqual(E.left({ _tag: 'Cancelled' }));
        expect(userId).toBeGreaterThan(0);
        expect(await right(repos.users.findById(userId))).toBeNull();
        expect(await right(repos.knowledge.list({ limit: 10, offset: 0, includeInactive: true }))).toEqual([]);
        expect(await right(repos.knowledge.searchByText('доставка', { category: null, limit: 5 }))).toEqual([]);
        expect(await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 5 }))).toEqual([]);
        await right(repos.users.create({ username: 'anna', email: 'anna@example.com', phone: null }, at(1)));
        // an entry added afterwards (possibly reusing the rolled-back id) is found only by its own words and vector
        const [kept] = await right(
          repos.knowledge.addMany([entry({ question: 'Возврат товара', embedding: unit({ 1: 1 }) })], at(2)),
        );
        expect(await right(repos.knowledge.searchByText('доставка', { category: null, limit: 5 }))).toEqual([]);
        const vectorHits = await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 1 }));
        expect(vectorHits.map((h) => h.entry.id)).toEqual([kept?.id]);
        expect(vectorHits[0]?.score).toBeCloseTo(0, 5);
      });

      it('rolls everything back when the work throws', async () => {
        let settled: 'rejected' | 'left' | 'right';
        try {
          const outcome = await storage.unitOfWork.transaction((tx) =>
            pipe(
              TE.Do,
              TE.bindW('user', () => tx.users.create({ username: 'anna', email: null, phone: null }, at(0))),
              TE.flatMap((): TE.TaskEither<never, never> => () => Promise.reject(new Error('boom'))),
            ),
          )();
          settled = E.isLeft(outcome) ? 'left' : 'right';
        } catch {
          settled = 'rejected';
        }
        expect(settled).not.toBe('right');
        await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(1)));
      });

      it('lets the work see its own writes', async () => {
        const seen = await right(
          storage.unitOfWork.transaction((tx) =>
            pipe(
              TE.Do,
              TE.bindW('user', () => tx.users.create({ username: 'anna', email: null, phone: null }, at(0))),
              TE.bindW('found', ({ user }) => tx.users.findById(user.id)),
              TE.bindW('k', () => tx.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0))),
              TE.bindW('hits', () => tx.knowledge.searchByText('доставка', { category: null, limit: 5 })),
            ),
          ),
        );
        expect(seen.found).toEqual(seen.user);
        expect(seen.hits.map((h) => h.entry.id)).toEqual(seen.k.map((e) => e.id));
      });

      it('keeps concurrent read-modify-write transactions serial', async () => {
        await right(repos.context.set('counter', '0', null, at(0)));
        const bump = () =>
          storage.unitOfWork.transaction((tx) =>
            pipe(
              TE.Do,
              TE.bindW('current', () => tx.context.get('counter')),
              TE.flatMap(({ current }) =>
                tx.context.set('counter', String(Number(current?.value ?? '0') + 1), null, at(1)),
              ),
            ),
          )();
        const results = await Promise.all(Array.from({ length: 10 }, bump));
        // a serializable store may refuse some transactions, but never lose a committed increment
        const committed = results.filter(E.isRight).length;
        expect(committed).toBeGreaterThan(0);
        expect((await right(repos.context.get('counter')))?.value).toBe(String(committed));
      });
    });

    describe('schema', () => {
      it('createTables can run again on a created schema and keeps the data', async () => {
        const u = await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(0)));
        await right(storage.schema.createTables());
        expect(await right(repos.users.findById(u.id))).toEqual(u);
      });

      it('dropTables then createTables gives an empty store', async () => {
        const u = await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(0)));
        await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки', embedding: unit({ 0: 1 }) })], at(0)));
        await right(storage.schema.dropTables());
        await right(storage.schema.createTables());
        expect(await right(repos.users.findById(u.id))).toBeNull();
        expect(await right(repos.knowledge.list({ limit: 10, offset: 0, includeInactive: true }))).toEqual([]);
        expect(await right(repos.knowledge.searchByText('доставка', { category: null, limit: 5 }))).toEqual([]);
        expect(await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 5 }))).toEqual([]);
        expect(await right(repos.knowledge.countByCategory())).toEqual([]);
        await right(repos.users.create({ username: 'anna', email: null, phone: null }, at(1)));
      });
    });

    describe('privacy: erasure, retention, idempotent retries', () => {
      const endedSession = async (visitorUuid: string, n: number, endedAt: Date) => {
        const s = await newSession(visitorUuid, n, at(0));
        await right(repos.messages.add(userMessage(s.id, `сообщение ${n}`), at(0)));
        await right(repos.messages.add({ ...userMessage(s.id, `ответ ${n}`), role: 'assistant', source: 'ai' }, at(0)));
        await right(repos.sessions.end(s.id, null, endedAt));
        return s;
      };

      it('erase deletes the visitor with its sessions and messages, keeps its user and other visitors', async () => {
        const a = await endedSession(uuid(1), 1, at(1));
        const b = await newSession(uuid(1), 2, at(2));
        await right(repos.messages.add(userMessage(b.id, 'ещё'), at(3)));
        const other = await newSession(uuid(2), 3, at(2));
        await right(repos.messages.add(userMessage(other.id, 'чужое'), at(3)));
        const v = await right(repos.visitors.upsert(visitor(uuid(1)), at(4)));
        const u = await right(repos.users.create({ username: 'anna', email: 'anna@example.com', phone: null }, at(4)));
        await right(repos.visitors.markConverted(v.id, u.id));
        await right(repos.sessions.assignVisitorSessionsToUser(v.id, u.id, at(4)));

        // the ended chat's messages: its two and the `ended` state message
        expect(await right(repos.visitors.erase(v.id))).toEqual({ sessions: 2, messages: 4 });
        expect(await right(repos.visitors.findById(v.id))).toBeNull();
        expect(await right(repos.sessions.findById(a.id))).toBeNull();
        expect(await right(repos.sessions.findById(b.id))).toBeNull();
        expect(await right(repos.messages.listBySession(a.id))).toEqual([]);
        expect(await right(repos.users.findById(u.id))).toMatchObject({ username: 'anna' });
        expect(await right(repos.messages.listBySession(other.id))).toHaveLength(1);
        expect(tagOf(await left(repos.visitors.erase(v.id)))).toBe('VisitorNotFound');
      });

      it('deleteEndedBefore removes only ended sessions older than the cutoff, with their messages; again it removes nothing', async () => {
        const old = await endedSession(uuid(1), 1, at(10));
        const recent = await endedSession(uuid(1), 2, at(100));
        const active = await newSession(uuid(2), 3, at(0));
        await right(repos.messages.add(userMessage(active.id, 'ещё идёт'), at(0)));

        // two messages and the `ended` state message
        expect(await right(repos.sessions.deleteEndedBefore(at(50)))).toEqual({ sessions: 1, messages: 3 });
        expect(await right(repos.sessions.deleteEndedBefore(at(50)))).toEqual({ sessions: 0, messages: 0 });
        expect(await right(repos.sessions.findById(old.id))).toBeNull();
        expect(await right(repos.messages.listBySession(old.id))).toEqual([]);
        expect(await spoken(recent.id)).toHaveLength(2);
        expect(await right(repos.sessions.findById(active.id))).toMatchObject({ isActive: true });
        expect(await right(repos.messages.listBySession(active.id))).toHaveLength(1);
        expect(await right(repos.sessions.deleteEndedBefore(at(10_000)))).toEqual({ sessions: 1, messages: 3 });
        expect(await right(repos.sessions.findById(active.id))).toMatchObject({ isActive: true });
      });

      it('anonymizeNotVisitedSince clears IP and user agent of absent visitors without an active chat; again it changes nothing', async () => {
        await right(repos.visitors.upsert(visitor(uuid(1)), at(0)));
        const chatting = await newSession(uuid(2), 2, at(0));
        const recent = await right(repos.visitors.upsert(visitor(uuid(3)), at(100)));
        await right(repos.visitors.upsert(visitor(uuid(4), { ipAddress: null, userAgent: null }), at(0)));

        expect(await right(repos.visitors.anonymizeNotVisitedSince(at(50)))).toBe(1);
        expect(await right(repos.visitors.anonymizeNotVisitedSince(at(50)))).toBe(0);
        expect(await right(repos.visitors.findByUuid(uuid(1)))).toMatchObject({
          ipAddress: null,
          userAgent: null,
          browser: 'Firefox',
          deviceType: 'desktop',
        });
        expect(await right(repos.visitors.findByUuid(uuid(2)))).toMatchObject({
          ipAddress: '203.0.113.7',
          userAgent: 'Mozilla/5.0',
        });
        expect(await right(repos.visitors.findById(recent.id))).toMatchObject({ ipAddress: '203.0.113.7' });
        await right(repos.sessions.end(chatting.id, null, at(1)));
        expect(await right(repos.visitors.anonymizeNotVisitedSince(at(50)))).toBe(1);
        expect(await right(repos.visitors.findByUuid(uuid(2)))).toMatchObject({ ipAddress: null, userAgent: null });
      });

      it('a retried clientMessageId returns the stored message even after the session ended', async () => {
        const s = await newSession();
        const first = await right(repos.messages.add(userMessage(s.id, 'привет', 'client-1'), at(1)));
        await right(repos.sessions.end(s.id, null, at(2)));
        const retried = await right(repos.messages.add(userMessage(s.id, 'привет', 'client-1'), at(3)));
        expect(retried).toEqual({ message: first.message, created: false });
        expect(tagOf(await left(repos.messages.add(userMessage(s.id, 'новое', 'client-2'), at(3))))).toBe(
          'SessionEnded',
        );
        expect(await spoken(s.id)).toEqual([first.message]);
      });
    });

    describe('embedder changes and unanswered questions', () => {
      const all = { limit: 100, offset: 0, includeInactive: true };

      describe('knowledge embeddings', () => {
        it('counts entries per embedding model, active and inactive, most first, null last on ties', async () => {
          await right(
            repos.knowledge.addMany(
              [
                entry({ question: 'a', embedding: unit({ 0: 1 }), embeddingModel: 'model-a' }),
                entry({ question: 'b', embedding: unit({ 1: 1 }), embeddingModel: 'model-b', isActive: false }),
                entry({ question: 'c', embedding: unit({ 2: 1 }), embeddingModel: 'model-b' }),
                entry({ question: 'd' }),
              ],
              at(0),
            ),
          );
          expect(await right(repos.knowledge.embeddingModels())).toEqual([
            { model: 'model-b', count: 2 },
            { model: 'model-a', count: 1 },
            { model: null, count: 1 },
          ]);
        });

        it('an empty knowledge base has no embedding models', async () => {
          expect(await right(repos.knowledge.embeddingModels())).toEqual([]);
        });

        it('lists entries without a vector or with another model, by id, a keyset page at a time', async () => {
          const added = await right(
            repos.knowledge.addMany(
              [
                entry({ question: 'old 1', keywords: 'k1', embedding: unit({ 0: 1 }), embeddingModel: 'old' }),
                entry({ question: 'current', embedding: unit({ 1: 1 }), embeddingModel: 'current' }),
                entry({ question: 'none' }),
                entry({ question: 'old inactive', embedding: unit({ 2: 1 }), embeddingModel: 'old', isActive: false }),
              ],
              at(0),
            ),
          );
          const ids = added.map((e) => e.id);
          const first = await right(repos.knowledge.listForReembed({ exceptModel: 'current', afterId: 0, limit: 2 }));
          expect(first).toEqual([
            { id: ids[0], question: 'old 1', keywords: 'k1' },
            { id: ids[2], question: 'none', keywords: null },
          ]);
          const second = await right(
            repos.knowledge.listForReembed({ exceptModel: 'current', afterId: ids[2]!, limit: 2 }),
          );
          expect(second).toEqual([{ id: ids[3], question: 'old inactive', keywords: null }]);
          expect(
            await right(repos.knowledge.listForReembed({ exceptModel: 'current', afterId: ids[3]!, limit: 2 })),
          ).toEqual([]);
        });

        it('sets embeddings: new vectors are searched at once, models and updated_at change, missing ids are skipped', async () => {
          const [a, b] = await right(
            repos.knowledge.addMany(
              [
                entry({ question: 'Сроки доставки', embedding: unit({ 0: 1 }), embeddingModel: 'old' }),
                entry({ question: 'Возврат товара' }),
              ],
              at(0),
            ),
          );
          const written = await right(
            repos.knowledge.setEmbeddings(
              [
                { id: a!.id, embedding: unit({ 5: 1 }), embeddingModel: 'new' },
                { id: b!.id, embedding: unit({ 6: 1 }), embeddingModel: 'new' },
                { id: b!.id + 1000, embedding: unit({ 7: 1 }), embeddingModel: 'new' },
              ],
              at(5),
            ),
          );
          expect(written).toBe(2);
          const hits = await right(repos.knowledge.searchByVector(unit({ 5: 1 }), { category: null, limit: 1 }));
          expect(hits.map((h) => h.entry.id)).toEqual([a!.id]);
          expect(hits[0]?.score).toBeCloseTo(1, 5);
          for (const hit of await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 2 }))) {
            expect(hit.score).toBeCloseTo(0, 5);
          }
          const entries = await right(repos.knowledge.list(all));
          expect(entries.map((e) => [e.embeddingModel, e.updatedAt.toISOString()])).toEqual([
            ['new', at(5).toISOString()],
            ['new', at(5).toISOString()],
          ]);
          expect(await right(repos.knowledge.embeddingModels())).toEqual([{ model: 'new', count: 2 }]);
        });

        it('skips an entry that already carries the model (re-embedded by an edit meanwhile)', async () => {
          const [a] = await right(
            repos.knowledge.addMany(
              [entry({ question: 'q', embedding: unit({ 0: 1 }), embeddingModel: 'new' })],
              at(0),
            ),
          );
          expect(
            await right(
              repos.knowledge.setEmbeddings([{ id: a!.id, embedding: unit({ 1: 1 }), embeddingModel: 'new' }], at(1)),
            ),
          ).toBe(0);
          const hits = await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 1 }));
          expect(hits[0]?.score).toBeCloseTo(1, 5);
          expect((await right(repos.knowledge.findById(a!.id)))?.updatedAt).toEqual(at(0));
        });

        it('writes a batch all or nothing: one bad vector leaves every entry and the search index as it was', async () => {
          const [a, b] = await right(
            repos.knowledge.addMany(
              [
                entry({ question: 'a', embedding: unit({ 0: 1 }), embeddingModel: 'old' }),
                entry({ question: 'b', embedding: unit({ 1: 1 }), embeddingModel: 'old' }),
              ],
              at(0),
            ),
          );
          const failure = await left(
            repos.knowledge.setEmbeddings(
              [
                { id: a!.id, embedding: unit({ 5: 1 }), embeddingModel: 'new' },
                { id: b!.id, embedding: new Float32Array(EMBEDDING_DIMENSIONS - 1).fill(0.01), embeddingModel: 'new' },
              ],
              at(1),
            ),
          );
          expect(tagOf(failure)).toBe('StorageUnavailable');
          expect(await right(repos.knowledge.embeddingModels())).toEqual([{ model: 'old', count: 2 }]);
          const hits = await right(repos.knowledge.searchByVector(unit({ 5: 1 }), { category: null, limit: 1 }));
          expect(hits[0]?.score).toBeCloseTo(0, 5);
        });

        it('a rolled-back unit of work leaves no new vector in the search index', async () => {
          const [a] = await right(
            repos.knowledge.addMany(
              [entry({ question: 'a', embedding: unit({ 0: 1 }), embeddingModel: 'old' })],
              at(0),
            ),
          );
          const outcome = await storage.unitOfWork.transaction((tx) =>
            pipe(
              tx.knowledge.setEmbeddings([{ id: a!.id, embedding: unit({ 5: 1 }), embeddingModel: 'new' }], at(1)),
              TE.flatMap(() => TE.left({ _tag: 'Cancelled' as const })),
            ),
          )();
          expect(outcome).toEqual(E.left({ _tag: 'Cancelled' }));
          const hits = await right(repos.knowledge.searchByVector(unit({ 0: 1 }), { category: null, limit: 1 }));
          expect(hits[0]?.score).toBeCloseTo(1, 5);
          expect((await right(repos.knowledge.findById(a!.id)))?.embeddingModel).toBe('old');
        });
      });

      describe('unanswered questions', () => {
        it('records a question once, then counts repeats, keeping the latest wording and first_seen', async () => {
          const first = await right(repos.unanswered.record('где мой заказ', 'Где мой заказ?', at(0)));
          expect(first).toMatchObject({
            normalizedText: 'где мой заказ',
            exampleText: 'Где мой заказ?',
            count: 1,
            firstSeen: at(0),
            lastSeen: at(0),
          });
          const second = await right(repos.unanswered.record('где мой заказ', 'где МОЙ заказ!!', at(3)));
          expect(second).toEqual({ ...first, exampleText: 'где МОЙ заказ!!', count: 2, lastSeen: at(3) });
        });

        it('never moves last_seen back', async () => {
          await right(repos.unanswered.record('q', 'q', at(5)));
          const later = await right(repos.unanswered.record('q', 'Q?', at(1)));
          expect(later).toMatchObject({ count: 2, firstSeen: at(5), lastSeen: at(5) });
        });

        it('loses no count under 100 concurrent records of one question', async () => {
          const results = await Promise.all(
            Array.from({ length: 100 }, (_, i) =>
              repos.unanswered.record('сколько стоит доставка', `Сколько стоит доставка? #${i}`, at(i))(),
            ),
          );
          expect(results.every(E.isRight)).toBe(true);
          const listed = await right(repos.unanswered.list({ limit: 10, offset: 0 }));
          expect(listed).toHaveLength(1);
          expect(listed[0]).toMatchObject({ normalizedText: 'сколько стоит доставка', count: 100, lastSeen: at(99) });
        });

        it('lists by count descending, then most recent, a page at a time', async () => {
          await right(repos.unanswered.record('a', 'A', at(0)));
          await right(repos.unanswered.record('b', 'B', at(1)));
          await right(repos.unanswered.record('b', 'B', at(2)));
          await right(repos.unanswered.record('c', 'C', at(3)));
          const order = (await right(repos.unanswered.list({ limit: 10, offset: 0 }))).map((q) => q.normalizedText);
          expect(order).toEqual(['b', 'c', 'a']);
          expect((await right(repos.unanswered.list({ limit: 1, offset: 1 }))).map((q) => q.normalizedText)).toEqual([
            'c',
          ]);
        });

        it('keeps a 500-character normalised question and long Russian examples intact', async () => {
          const key = 'ё'.repeat(500);
          const example = 'Подскажите, пожалуйста, '.repeat(40);
          const stored = await right(repos.unanswered.record(key, example, at(0)));
          expect(stored.normalizedText).toBe(key);
          expect(stored.exampleText).toBe(example);
        });

        it('is emptied by dropTables', async () => {
          await right(repos.unanswered.record('q', 'q', at(0)));
          await right(storage.schema.dropTables());
          await right(storage.schema.createTables());
          expect(await right(repos.unanswered.list({ limit: 10, offset: 0 }))).toEqual([]);
        });
      });
    });

    describe('messages: addToSession and countView', () => {
      const { sessionId: _noSession, ...toSession } = userMessage(0, 'привет');
      const faqReply = (sessionId: number, knowledgeId: number): NewMessage => ({
        ...userMessage(sessionId, 'Ответ.'),
        role: 'assistant',
        source: 'faq',
        knowledgeId,
        countView: true,
      });

      it('stores by session id and returns the session with updated_at = now', async () => {
        const s = await newSession();
        const added = await right(repos.messages.addToSession({ sessionId: s.id }, toSession, at(5)));
        expect(added.created).toBe(true);
        expect(added.message).toMatchObject({ sessionId: s.id, role: 'user', content: 'привет', timestamp: at(5) });
        expect(added.session).toEqual({ ...s, updatedAt: at(5) });
        expect(await right(repos.sessions.findById(s.id))).toEqual(added.session);
        expect(await right(repos.messages.listBySession(s.id))).toEqual([added.message]);
      });

      it('stores by session UUID', async () => {
        const s = await newSession();
        const added = await right(repos.messages.addToSession({ sessionUuid: s.sessionUuid }, toSession, at(5)));
        expect(added.created).toBe(true);
        expect(added.message.sessionId).toBe(s.id);
        expect(added.session).toEqual({ ...s, updatedAt: at(5) });
      });

      it('SessionNotFound for an unknown id or UUID, carrying it; nothing stored', async () => {
        const s = await newSession();
        const byId = await left(repos.messages.addToSession({ sessionId: s.id + 1000 }, toSession, at(1)));
        expect(byId).toEqual({ _tag: 'SessionNotFound', session: s.id + 1000 });
        const byUuid = await left(repos.messages.addToSession({ sessionUuid: uuid(9999) }, toSession, at(1)));
        expect(byUuid).toEqual({ _tag: 'SessionNotFound', session: uuid(9999) });
        expect(await right(repos.messages.listBySession(s.id))).toEqual([]);
      });

      it('SessionEnded for an ended session (by id and by UUID), carrying its id; nothing stored', async () => {
        const s = await newSession();
        await right(repos.sessions.end(s.id, null, at(1)));
        const byId = await left(repos.messages.addToSession({ sessionId: s.id }, toSession, at(2)));
        expect(byId).toEqual({ _tag: 'SessionEnded', session: s.id });
        const byUuid = await left(repos.messages.addToSession({ sessionUuid: s.sessionUuid }, toSession, at(2)));
        expect(byUuid).toEqual({ _tag: 'SessionEnded', session: s.id });
        expect(await spoken(s.id)).toEqual([]);
        expect((await right(repos.sessions.findById(s.id)))?.updatedAt).toEqual(at(1));
      });

      it('a repeated clientMessageId returns the stored message and the session, also after the end', async () => {
        const s = await newSession();
        const first = await right(
          repos.messages.addToSession({ sessionUuid: s.sessionUuid }, { ...toSession, clientMessageId: 'c-1' }, at(1)),
        );
        const again = await right(
          repos.messages.addToSession(
            { sessionUuid: s.sessionUuid },
            { ...toSession, content: 'привет (повтор)', clientMessageId: 'c-1' },
            at(2),
          ),
        );
        expect(again).toEqual({ message: first.message, created: false, session: { ...s, updatedAt: at(1) } });
        const ended = await right(repos.sessions.end(s.id, null, at(3)));
        const afterEnd = await right(
          repos.messages.addToSession({ sessionId: s.id }, { ...toSession, clientMessageId: 'c-1' }, at(4)),
        );
        expect(afterEnd).toEqual({ message: first.message, created: false, session: ended });
        expect(
          await left(repos.messages.addToSession({ sessionId: s.id }, { ...toSession, clientMessageId: 'c-2' }, at(4))),
        ).toEqual({ _tag: 'SessionEnded', session: s.id });
        expect(await spoken(s.id)).toEqual([first.message]);
      });

      it('EndChat racing 10 parallel addToSession calls: each lands before the end or gets SessionEnded', async () => {
        const s = await newSession();
        const add = (i: number) =>
          repos.messages.addToSession({ sessionUuid: s.sessionUuid }, { ...toSession, content: `№${i}` }, at(1))();
        const before = Array.from({ length: 5 }, (_, i) => add(i));
        const ending = repos.sessions.end(s.id, 5, at(2))();
        const after = Array.from({ length: 5 }, (_, i) => add(i + 5));
        const [adds, endResult] = await Promise.all([Promise.all([...before, ...after]), ending]);
        expect(E.isRight(endResult)).toBe(true);
        for (const r of adds) if (E.isLeft(r)) expect(tagOf(r.left)).toBe('SessionEnded');
        expect(await spoken(s.id)).toHaveLength(adds.filter(E.isRight).length);
      });

      it('countView adds one view to the entry the message came from, with add and addToSession', async () => {
        const s = await newSession();
        const [k, other] = await right(
          repos.knowledge.addMany([entry({ question: 'Сроки доставки' }), entry({ question: 'Оплата' })], at(0)),
        );
        const kid = k?.id ?? 0;
        const added = await right(repos.messages.add(faqReply(s.id, kid), at(1)));
        expect(added.message).toMatchObject({ source: 'faq', knowledgeId: kid });
        const { sessionId: _sameSession, ...reply } = faqReply(s.id, kid);
        await right(repos.messages.addToSession({ sessionId: s.id }, reply, at(2)));
        expect((await right(repos.knowledge.findById(kid)))?.viewsCount).toBe(2);
        expect((await right(repos.knowledge.findById(other?.id ?? 0)))?.viewsCount).toBe(0);
        // without countView nothing is counted
        await right(repos.messages.add({ ...faqReply(s.id, kid), countView: false }, at(3)));
        expect((await right(repos.knowledge.findById(kid)))?.viewsCount).toBe(2);
      });

      it('countView counts nothing for a message not stored (repeated clientMessageId, ended session)', async () => {
        const s = await newSession();
        const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
        const kid = k?.id ?? 0;
        await right(repos.messages.add({ ...faqReply(s.id, kid), clientMessageId: 'c-1' }, at(1)));
        const again = await right(repos.messages.add({ ...faqReply(s.id, kid), clientMessageId: 'c-1' }, at(2)));
        expect(again.created).toBe(false);
        await right(repos.sessions.end(s.id, null, at(3)));
        expect(tagOf(await left(repos.messages.add(faqReply(s.id, kid), at(4))))).toBe('SessionEnded');
        expect((await right(repos.knowledge.findById(kid)))?.viewsCount).toBe(1);
      });

      it('stores and reads back a reply marked search_failed', async () => {
        const s = await newSession();
        const added = await right(
          repos.messages.add(
            { ...userMessage(s.id, 'Поиск недоступен.'), role: 'assistant', source: 'search_failed' },
            at(1),
          ),
        );
        expect(added.message).toMatchObject({ source: 'search_failed', knowledgeId: null });
        expect(await right(repos.messages.listBySession(s.id))).toEqual([added.message]);
      });

      it('countView on a missing entry still stores the message, with no knowledge entry', async () => {
        const s = await newSession();
        const [k] = await right(repos.knowledge.addMany([entry({ question: 'Сроки доставки' })], at(0)));
        const missing = (k?.id ?? 0) + 1000;
        const added = await right(repos.messages.add(faqReply(s.id, missing), at(1)));
        expect(added.created).toBe(true);
        expect(added.message).toMatchObject({ source: 'faq', knowledgeId: null, content: 'Ответ.' });
        expect(await right(repos.messages.listBySession(s.id))).toEqual([added.message]);
        expect((await right(repos.sessions.findById(s.id)))?.updatedAt).toEqual(at(1));
        expect((await right(repos.knowledge.findById(k?.id ?? 0)))?.viewsCount).toBe(0);
      });
    });

    describe('messages: unansweredQuestion counted with the reply', () => {
      const handoff = (sessionId: number, clientMessageId: string | null = null): NewMessage => ({
        ...userMessage(sessionId, 'Свяжу вас с оператором.', clientMessageId),
        role: 'assistant',
        source: 'handoff',
        unansweredQuestion: { normalizedText: 'где мой заказ', exampleText: 'Где мой заказ?' },
      });

      it('counts the question as record() does, in the write that stores the message', async () => {
        const s = await newSession();
        await right(repos.unanswered.record('где мой заказ', 'где мой заказ!!', at(1)));
        const added = await right(repos.messages.add(handoff(s.id), at(5)));
        expect(added.created).toBe(true);
        expect(await right(repos.unanswered.list({ limit: 10, offset: 0 }))).toEqual([
          {
            id: expect.any(Number) as number,
            normalizedText: 'где мой заказ',
            exampleText: 'Где мой заказ?',
            count: 2,
            firstSeen: at(1),
            lastSeen: at(5),
          },
        ]);
        expect(await right(repos.messages.listBySession(s.id))).toEqual([added.message]);
      });

      it('counts nothing for a message not stored (repeated clientMessageId, ended session)', async () => {
        const s = await newSession();
        await right(repos.messages.add(handoff(s.id, 'c-1:reply'), at(1)));
        expect((await right(repos.messages.add(handoff(s.id, 'c-1:reply'), at(2)))).created).toBe(false);
        await right(repos.sessions.end(s.id, null, at(3)));
        expect(tagOf(await left(repos.messages.add(handoff(s.id), at(4))))).toBe('SessionEnded');
        const counted = await right(repos.unanswered.list({ limit: 10, offset: 0 }));
        expect(counted.map((q) => [q.normalizedText, q.count, q.firstSeen, q.lastSeen])).toEqual([
          ['где мой заказ', 1, at(1), at(1)],
        ]);
      });
    });

    describe('answer context: settings and the dialogue up to a message, read together', () => {
      const keys = ['system_prompt', 'ai_model', 'ai_temperature'];

      it('returns the set keys only, and the last `window` messages up to the given one, oldest first', async () => {
        const s = await newSession();
        const other = await newSession(uuid(2), 2);
        await right(repos.context.set('system_prompt', 'Ты помощник магазина.', 'ai', at(0)));
        await right(repos.context.set('ai_temperature', '0.2', 'ai', at(0)));
        await right(repos.context.set('welcome', 'не для модели', null, at(0)));
        const stored = [];
        for (let i = 0; i < 6; i++) {
          // two messages share each instant: the id breaks the tie, as in listBySession
          stored.push((await right(repos.messages.add(userMessage(s.id, `m${i}`), at(Math.floor(i / 2))))).message);
        }
        await right(repos.messages.add(userMessage(other.id, 'чужое'), at(1)));
        const loaded = await right(repos.answerContext.load({ keys, sessionId: s.id, upTo: stored[4]!, window: 3 }));
        expect(loaded.values).toEqual({ system_prompt: 'Ты помощник магазина.', ai_temperature: '0.2' });
        expect(loaded.conversation).toEqual([stored[2], stored[3], stored[4]]);
        const all = await right(repos.answerContext.load({ keys, sessionId: s.id, upTo: stored[5]!, window: 50 }));
        expect(all.conversation).toEqual(await right(repos.messages.listBySession(s.id)));
        const upToFirst = await right(
          repos.answerContext.load({ keys: [], sessionId: s.id, upTo: stored[0]!, window: 5 }),
        );
        expect(upToFirst).toEqual({ values: {}, conversation: [stored[0]] });
      });

      it('an empty session and unset keys give empty results, not an error', async () => {
        const s = await newSession();
        const loaded = await right(
          repos.answerContext.load({ keys, sessionId: s.id, upTo: { id: 1, timestamp: at(0) }, window: 20 }),
        );
        expect(loaded).toEqual({ values: {}, conversation: [] });
      });
    });
  });
};
