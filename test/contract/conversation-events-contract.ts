/**
 * The event bus contract: one suite, run against every bus (the sql.js store's in-process
 * bus, PostgreSQL's LISTEN/NOTIFY and its polling fallback). It asserts what
 * src/ports/conversation-events.ts promises: a stored message is delivered after its
 * write commits (never before), to every subscriber, until it unsubscribes.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationChange } from '../../src/ports/conversation-events.js';
import type { Storage } from '../../src/ports/repositories.js';
import { userMessage } from './storage-contract.js';

export interface EventBusHarness {
  /** A storage with the full schema and an empty database; closed by the suite after each test. */
  open(): Promise<Storage>;
}

const right = async <Err, A>(task: TE.TaskEither<Err, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

export const startSession = async (storage: Storage): Promise<number> => {
  const visitor = await right(
    storage.repositories.visitors.upsert(
      { visitorId: crypto.randomUUID(), ipAddress: null, userAgent: null, deviceType: null, browser: null },
      new Date(),
    ),
  );
  const session = await right(
    storage.repositories.sessions.create(
      { visitorId: visitor.id, userId: null, sessionUuid: crypto.randomUUID(), title: null, pageUrl: null },
      new Date(),
    ),
  );
  return session.id;
};

/** Records what a subscriber receives and waits for what a test expects. */
export const recorder = () => {
  const received: ConversationChange[] = [];
  const waiters: Array<() => void> = [];
  const listener = (change: ConversationChange) => {
    received.push(change);
    for (const wake of waiters.splice(0)) wake();
  };
  const sessionsSeen = () => new Set(received.flatMap((c) => (c.kind === 'session' ? [c.sessionId] : [])));
  /** Resolves once `predicate` holds, or rejects after `ms`. */
  const until = (predicate: () => boolean, ms = 5_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      const timer = setTimeout(
        () => reject(new Error(`not delivered within ${ms} ms: ${JSON.stringify(received)}`)),
        ms,
      );
      check();
    });
  return { received, listener, sessionsSeen, until };
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Long enough for any bus to have delivered something it should not have. */
const QUIET_MS = 400;

export const describeEventBusContract = (busName: string, harness: EventBusHarness): void => {
  describe(`event bus contract: ${busName}`, () => {
    let storage: Storage | undefined;
    const open = async () => (storage = await harness.open());
    afterEach(async () => {
      await storage?.close();
      storage = undefined;
    });

    it('delivers a stored message as a change of its session', async () => {
      const s = await open();
      const session = await startSession(s);
      const r = recorder();
      s.events.subscribe(r.listener);
      // a follower re-reads after a resync, so one right after subscribing is allowed
      await pause(QUIET_MS);
      await right(s.repositories.messages.add(userMessage(session, 'Когда придет мой заказ?'), new Date()));
      await r.until(() => r.sessionsSeen().has(session));
    });

    it('delivers to every subscriber, and no more after one unsubscribes', async () => {
      const s = await open();
      const session = await startSession(s);
      const first = recorder();
      const second = recorder();
      const stopFirst = s.events.subscribe(first.listener);
      s.events.subscribe(second.listener);
      await pause(QUIET_MS);
      await right(s.repositories.messages.add(userMessage(session, 'один'), new Date()));
      await Promise.all([
        first.until(() => first.sessionsSeen().has(session)),
        second.until(() => second.sessionsSeen().has(session)),
      ]);
      stopFirst();
      const firstCount = first.received.length;
      const other = await startSession(s);
      await right(s.repositories.messages.add(userMessage(other, 'два'), new Date()));
      await second.until(() => second.sessionsSeen().has(other));
      await pause(QUIET_MS);
      expect(first.received.length).toBe(firstCount);
    });

    it('delivers a message stored in a transaction only after the transaction commits', async () => {
      const s = await open();
      const session = await startSession(s);
      const r = recorder();
      s.events.subscribe(r.listener);
      await pause(QUIET_MS);
      let seenInside = false;
      await right(
        s.unitOfWork.transaction((repos) => async () => {
          const added = await repos.messages.add(userMessage(session, 'внутри транзакции'), new Date())();
          await pause(QUIET_MS);
          seenInside = r.sessionsSeen().has(session);
          return added;
        }),
      );
      expect(seenInside).toBe(false);
      await r.until(() => r.sessionsSeen().has(session));
    });

    it('names the session of each message, for messages of several sessions', async () => {
      const s = await open();
      const sessions = [await startSession(s), await startSession(s), await startSession(s)];
      const r = recorder();
      s.events.subscribe(r.listener);
      await pause(QUIET_MS);
      await Promise.all(
        sessions.map((id, i) => right(s.repositories.messages.add(userMessage(id, `вопрос ${i}`), new Date()))),
      );
      await r.until(() => sessions.every((id) => r.sessionsSeen().has(id)));
      const unknown = [...r.sessionsSeen()].filter((id) => !sessions.includes(id));
      expect(unknown).toEqual([]);
    });
  });
};
