/**
 * A plain in-memory implementation of the storage ports for use-case unit tests:
 * Maps instead of tables, a snapshot-and-restore transaction, and switches to make
 * any call fail. It keeps the port contracts but none of the adapters' machinery.
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { ContextEntry } from '../../src/domain/entities/context-entry.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import type { Message } from '../../src/domain/entities/message.js';
import type { UnansweredQuestion } from '../../src/domain/entities/unanswered-question.js';
import type { User } from '../../src/domain/entities/user.js';
import type { Visitor } from '../../src/domain/entities/visitor.js';
import type { WidgetProfile } from '../../src/domain/entities/widget-profile.js';
import * as errors from '../../src/domain/errors.js';
import { analyzeText } from '../../adapters/text/text-analysis.js';
import type { KnowledgeQuery } from '../../src/ports/knowledge-base.js';
import type { AddedToSession, NewMessage } from '../../src/ports/messages.js';
import type { HandlingChange } from '../../src/ports/conversations.js';
import { createInProcessEvents } from '../../adapters/events/in-process-events.js';
import type { Repositories, Storage } from '../../src/ports/repositories.js';

interface Tables {
  visitors: Map<number, Visitor>;
  users: Map<number, User>;
  sessions: Map<number, ChatSession>;
  messages: Map<number, Message>;
  knowledge: Map<number, KnowledgeEntry & { embedding: Float32Array | null }>;
  widgets: Map<number, WidgetProfile>;
  context: Map<number, ContextEntry>;
  unanswered: Map<number, UnansweredQuestion>;
  /** Helpful votes as `knowledgeId:visitorId`. */
  votes: Set<string>;
  nextId: number;
}

const emptyTables = (): Tables => ({
  visitors: new Map(),
  users: new Map(),
  sessions: new Map(),
  messages: new Map(),
  knowledge: new Map(),
  widgets: new Map(),
  context: new Map(),
  unanswered: new Map(),
  votes: new Set(),
  nextId: 1,
});

const copyTables = (t: Tables): Tables => ({
  visitors: new Map(t.visitors),
  users: new Map(t.users),
  sessions: new Map(t.sessions),
  messages: new Map(t.messages),
  knowledge: new Map(t.knowledge),
  widgets: new Map(t.widgets),
  context: new Map(t.context),
  unanswered: new Map(t.unanswered),
  votes: new Set(t.votes),
  nextId: t.nextId,
});

export interface FakeStorage extends Storage {
  /** While set, every repository call fails with StorageUnavailable. */
  failing: boolean;
  /** How many operators `countOnline` reports (0: no one can take a chat over). */
  operatorsOnline: number;
  /** Direct access for assertions. */
  tables(): Tables;
}

export const createFakeStorage = (): FakeStorage => {
  let db = emptyTables();
  const self = { failing: false, operatorsOnline: 0 };
  // published right away: the fake has no transactions that could still roll a message back
  const events = createInProcessEvents();
  const id = () => db.nextId++;
  const run = <A, E = never>(f: () => A | { left: E }): TaskEither<E | errors.StorageUnavailable, A> => {
    if (self.failing) return TE.left(errors.storageUnavailable('fake storage is down'));
    const r = f();
    if (r && typeof r === 'object' && 'left' in (r as object)) return TE.left((r as { left: E }).left);
    return TE.right(r as A);
  };
  const fail = <E>(e: E) => ({ left: e });
  const strip = ({ embedding: _e, ...entry }: KnowledgeEntry & { embedding: Float32Array | null }): KnowledgeEntry =>
    entry;
  const byOrder = (a: { score: number; entry: KnowledgeEntry }, b: { score: number; entry: KnowledgeEntry }) =>
    b.score - a.score || b.entry.priority - a.entry.priority || a.entry.id - b.entry.id;
  const vectorHits = (vector: Float32Array, q: KnowledgeQuery) =>
    [...db.knowledge.values()]
      .filter((e) => e.isActive && e.embedding && (q.category === null || e.category === q.category))
      .map((e) => {
        let dot = 0;
        const v = e.embedding as Float32Array;
        for (let i = 0; i < v.length; i++) dot += (v[i] ?? 0) * (vector[i] ?? 0);
        return { entry: strip(e), score: dot };
      })
      .sort(byOrder)
      .slice(0, q.limit);
  const textHits = (text: string, q: KnowledgeQuery) => {
    const terms = new Set(analyzeText(text));
    return [...db.knowledge.values()]
      .filter((e) => e.isActive && (q.category === null || e.category === q.category))
      .map((e) => {
        const inQuestion = new Set(analyzeText(`${e.question} ${e.keywords ?? ''}`));
        const inAnswer = new Set(analyzeText(e.answer));
        let score = 0;
        for (const term of terms) score += inQuestion.has(term) ? 2 : inAnswer.has(term) ? 1 : 0;
        return { entry: strip(e), score };
      })
      .filter((r) => r.score > 0)
      .sort(byOrder)
      .slice(0, q.limit);
  };

  // add and addToSession share the rules: a repeated clientMessageId returns the stored message
  // (even after the end), an ended session takes nothing new, a missing FAQ entry is stored as null
  /** A session's messages in order: by timestamp, then id. */
  const sessionMessages = (sessionId: number): Message[] =>
    [...db.messages.values()]
      .filter((m) => m.sessionId === sessionId)
      .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || a.id - b.id);

  const countUnanswered = (normalizedText: string, exampleText: string, now: Date): UnansweredQuestion => {
    const existing = [...db.unanswered.values()].find((u) => u.normalizedText === normalizedText);
    const u: UnansweredQuestion = existing
      ? {
          ...existing,
          exampleText,
          count: existing.count + 1,
          lastSeen: now > existing.lastSeen ? now : existing.lastSeen,
        }
      : { id: id(), normalizedText, exampleText, count: 1, firstSeen: now, lastSeen: now };
    db.unanswered.set(u.id, u);
    return u;
  };

  /** A `state` message recording a change of who answers (as the adapters store it). */
  const noteState = (sessionId: number, state: string, operatorId: number | null, now: Date): Message => {
    const message: Message = {
      id: id(),
      sessionId,
      role: 'system',
      content: state,
      timestamp: now,
      tokensUsed: null,
      source: 'state',
      knowledgeId: null,
      clientMessageId: null,
      operatorId,
      groundingIds: [],
    };
    db.messages.set(message.id, message);
    events.publish({ kind: 'session', sessionId });
    return message;
  };

  /** One step of who answers a chat, with the adapters' rules (src/ports/conversations.ts). */
  const conversationStep = <L>(
    s: ChatSession | undefined,
    key: number | string,
    now: Date,
    allowed: (s: ChatSession) => boolean,
    refused: (s: ChatSession) => L | null,
    change: Partial<ChatSession>,
    state: string,
    operatorId: number | null,
  ): HandlingChange | { left: L | errors.SessionNotFound | errors.SessionEnded } => {
    if (!s) return fail(errors.sessionNotFound(key));
    if (!s.isActive) return fail(errors.sessionEnded(s.id));
    if (!allowed(s)) {
      const refusal = refused(s);
      return refusal === null ? { session: s, changed: false, stateMessage: null } : fail(refusal);
    }
    const session: ChatSession = { ...s, ...change, updatedAt: now };
    db.sessions.set(s.id, session);
    return { session, changed: true, stateMessage: noteState(s.id, state, operatorId, now) };
  };

  const storeMessage = (
    s: ChatSession | undefined,
    key: number | string,
    m: Omit<NewMessage, 'sessionId'>,
    now: Date,
  ): AddedToSession | { left: errors.SessionNotFound | errors.SessionEnded } => {
    if (!s) return fail(errors.sessionNotFound(key));
    if (m.clientMessageId !== null) {
      const same = [...db.messages.values()].find(
        (x) => x.sessionId === s.id && x.clientMessageId === m.clientMessageId,
      );
      if (same) return { message: same, created: false, session: s };
    }
    if (!s.isActive) return fail(errors.sessionEnded(s.id));
    const { countView, unansweredQuestion, ...fields } = m;
    const entry = fields.knowledgeId === null ? undefined : db.knowledge.get(fields.knowledgeId);
    const message: Message = {
      id: id(),
      ...fields,
      operatorId: null,
      groundingIds: fields.groundingIds ?? [],
      knowledgeId: entry ? entry.id : null,
      sessionId: s.id,
      timestamp: now,
    };
    db.messages.set(message.id, message);
    events.publish({ kind: 'session', sessionId: s.id });
    const session = { ...s, updatedAt: now };
    db.sessions.set(s.id, session);
    if (countView === true && entry) db.knowledge.set(entry.id, { ...entry, viewsCount: entry.viewsCount + 1 });
    if (unansweredQuestion) countUnanswered(unansweredQuestion.normalizedText, unansweredQuestion.exampleText, now);
    return { message, created: true, session };
  };

  const repositories: Repositories = {
    visitors: {
      upsert: (d, now) =>
        run(() => {
          const existing = [...db.visitors.values()].find((v) => v.visitorId === d.visitorId);
          const v: Visitor = existing
            ? {
                ...existing,
                lastVisit: now,
                ipAddress: d.ipAddress ?? existing.ipAddress,
                userAgent: d.userAgent ?? existing.userAgent,
                deviceType: d.deviceType ?? existing.deviceType,
                browser: d.browser ?? existing.browser,
              }
            : { id: id(), ...d, firstVisit: now, lastVisit: now, userId: null };
          db.visitors.set(v.id, v);
          return v;
        }),
      findById: (vid) => run(() => db.visitors.get(vid) ?? null),
      findByUuid: (uuid) => run(() => [...db.visitors.values()].find((v) => v.visitorId === uuid) ?? null),
      markConverted: (vid, userId) =>
        run<Visitor, errors.VisitorNotFound | errors.VisitorAlreadyConverted>(() => {
          const v = db.visitors.get(vid);
          if (!v) return fail(errors.visitorNotFound(vid));
          if (v.userId !== null) return fail(errors.visitorAlreadyConverted(vid));
          const updated = { ...v, userId };
          db.visitors.set(vid, updated);
          return updated;
        }),
      erase: (vid) =>
        run<{ sessions: number; messages: number }, errors.VisitorNotFound>(() => {
          if (!db.visitors.has(vid)) return fail(errors.visitorNotFound(vid));
          const sessionIds = new Set([...db.sessions.values()].filter((s) => s.visitorId === vid).map((s) => s.id));
          const messageIds = [...db.messages.values()].filter((m) => sessionIds.has(m.sessionId)).map((m) => m.id);
          for (const mid of messageIds) db.messages.delete(mid);
          for (const sid of sessionIds) db.sessions.delete(sid);
          db.visitors.delete(vid);
          for (const vote of [...db.votes]) if (vote.endsWith(`:${vid}`)) db.votes.delete(vote);
          return { sessions: sessionIds.size, messages: messageIds.length };
        }),
      anonymizeNotVisitedSince: (cutoff) =>
        run(() => {
          let n = 0;
          for (const v of db.visitors.values()) {
            const chatting = [...db.sessions.values()].some((s) => s.visitorId === v.id && s.isActive);
            if (v.lastVisit < cutoff && (v.ipAddress !== null || v.userAgent !== null) && !chatting) {
              db.visitors.set(v.id, { ...v, ipAddress: null, userAgent: null });
              n++;
            }
          }
          return n;
        }),
    },
    users: {
      create: (u, now) =>
        run<User, errors.DuplicateUsername | errors.DuplicateEmail>(() => {
          const all = [...db.users.values()];
          if (all.some((x) => x.username === u.username)) return fail(errors.duplicateUsername(u.username));
          if (u.email && all.some((x) => x.email?.toLowerCase() === u.email?.toLowerCase()))
            return fail(errors.duplicateEmail(u.email));
          const user: User = { id: id(), ...u, createdAt: now };
          db.users.set(user.id, user);
          return user;
        }),
      findById: (uid) => run(() => db.users.get(uid) ?? null),
    },
    sessions: {
      create: (s, now) =>
        run<ChatSession, errors.VisitorNotFound | errors.UserNotFound>(() => {
          const visitor = s.visitorId === null ? null : db.visitors.get(s.visitorId);
          if (s.visitorId !== null && !visitor) return fail(errors.visitorNotFound(s.visitorId));
          if (s.userId !== null && !db.users.has(s.userId)) return fail(errors.userNotFound(s.userId));
          const session: ChatSession = {
            id: id(),
            ...s,
            userId: s.userId ?? visitor?.userId ?? null,
            createdAt: now,
            updatedAt: now,
            endedAt: null,
            isActive: true,
            satisfactionRating: null,
            handling: 'bot',
            operatorId: null,
            widgetProfile: s.widgetProfile ?? null,
            waitingSince: null,
            handoffAt: null,
            assignedAt: null,
            firstResponseAt: null,
          };
          db.sessions.set(session.id, session);
          return session;
        }),
      findById: (sid) => run(() => db.sessions.get(sid) ?? null),
      findByUuid: (uuid) => run(() => [...db.sessions.values()].find((s) => s.sessionUuid === uuid) ?? null),
      end: (sid, rating, now) =>
        run<ChatSession, errors.SessionNotFound | errors.SessionEnded>(() => {
          const s = db.sessions.get(sid);
          if (!s) return fail(errors.sessionNotFound(sid));
          if (!s.isActive) return fail(errors.sessionEnded(sid));
          const ended = { ...s, isActive: false, endedAt: now, updatedAt: now, satisfactionRating: rating };
          db.sessions.set(sid, ended);
          noteState(sid, 'ended', null, now);
          return ended;
        }),
      listActive: (page) =>
        run(() =>
          [...db.sessions.values()]
            .filter((s) => s.isActive)
            .sort((a, b) => a.id - b.id)
            .slice(page.offset, page.offset + page.limit),
        ),
      listByVisitor: (vid) =>
        run(() => [...db.sessions.values()].filter((s) => s.visitorId === vid).sort((a, b) => a.id - b.id)),
      assignVisitorSessionsToUser: (vid, userId, now) =>
        run(() => {
          let n = 0;
          for (const s of db.sessions.values())
            if (s.visitorId === vid) {
              db.sessions.set(s.id, { ...s, userId, updatedAt: now });
              n++;
            }
          return n;
        }),
      deleteEndedBefore: (cutoff) =>
        run(() => {
          const doomed = new Set(
            [...db.sessions.values()]
              .filter((s) => !s.isActive && s.endedAt !== null && s.endedAt < cutoff)
              .map((s) => s.id),
          );
          const messageIds = [...db.messages.values()].filter((m) => doomed.has(m.sessionId)).map((m) => m.id);
          for (const mid of messageIds) db.messages.delete(mid);
          for (const sid of doomed) db.sessions.delete(sid);
          return { sessions: doomed.size, messages: messageIds.length };
        }),
    },
    conversations: {
      requestPerson: (ref, now) =>
        run(() => {
          const s =
            ref.sessionId !== undefined
              ? db.sessions.get(ref.sessionId)
              : [...db.sessions.values()].find((x) => x.sessionUuid === ref.sessionUuid);
          return conversationStep<never>(
            s,
            ref.sessionId ?? ref.sessionUuid,
            now,
            (x) => x.handling === 'bot',
            () => null,
            { handling: 'waiting', waitingSince: now, handoffAt: s?.handoffAt ?? now },
            'waiting',
            null,
          );
        }),
      take: (sid, operatorId, now) =>
        run(() => {
          const s = db.sessions.get(sid);
          return conversationStep(
            s,
            sid,
            now,
            (x) => x.handling !== 'operator',
            (x) => (x.operatorId === operatorId ? null : errors.conversationTaken(x.sessionUuid, x.operatorId ?? 0)),
            {
              handling: 'operator',
              operatorId,
              waitingSince: null,
              handoffAt: s?.handoffAt ?? now,
              assignedAt: s?.assignedAt ?? now,
            },
            'operator',
            operatorId,
          );
        }),
      handBack: (sid, operatorId, now) =>
        run(() =>
          conversationStep(
            db.sessions.get(sid),
            sid,
            now,
            (x) => x.handling === 'operator' && x.operatorId === operatorId,
            (x) => errors.notYourConversation(x.sessionUuid),
            { handling: 'bot', operatorId: null, waitingSince: null },
            'bot',
            operatorId,
          ),
        ),
      addOperatorMessage: () => TE.left(errors.storageUnavailable('the fake storage keeps no operator messages')),
      availability: (profile) =>
        run(() => ({
          operatorsOnline: self.operatorsOnline,
          businessHours: [...db.widgets.values()].find((w) => w.name === profile)?.businessHours ?? null,
        })),
      queue: (limit) =>
        run(() =>
          [...db.sessions.values()]
            .filter((s) => s.isActive && s.handling !== 'bot')
            .sort(
              (a, b) =>
                (a.waitingSince?.getTime() ?? Infinity) - (b.waitingSince?.getTime() ?? Infinity) || a.id - b.id,
            )
            .slice(0, limit)
            .map((session) => ({
              session,
              visitor: session.visitorId === null ? null : (db.visitors.get(session.visitorId) ?? null),
              lastMessage:
                sessionMessages(session.id)
                  .filter((m) => m.source !== 'state')
                  .at(-1) ?? null,
              visitorMessages: sessionMessages(session.id).filter((m) => m.role === 'user').length,
            })),
        ),
    },
    // operators live in the adapters' contract suite; the fake has none online
    operators: {
      create: () => TE.left(errors.storageUnavailable('the fake storage keeps no operators')),
      findById: () => TE.right(null),
      findCredentials: () => TE.right(null),
      list: () => TE.right([]),
      update: (operatorId) => TE.left(errors.operatorNotFound(operatorId)),
      recordPresence: () => TE.right(undefined),
      countOnline: () => TE.right(self.operatorsOnline),
      startLogin: () => TE.left(errors.storageUnavailable('the fake storage keeps no logins')),
      findLogin: () => TE.right(null),
      endLogin: () => TE.right(undefined),
      endLoginsOf: () => TE.right(0),
    },
    contactRequests: {
      create: () => TE.left(errors.storageUnavailable('the fake storage keeps no contact requests')),
      listOpen: () => TE.right([]),
      markHandled: (requestId) => TE.left(errors.contactRequestNotFound(requestId)),
    },
    messages: {
      listAfter: (sid, afterId, limit) =>
        run(() =>
          [...db.messages.values()]
            .filter((m) => m.sessionId === sid && m.id > afterId)
            .sort((a, b) => a.id - b.id)
            .slice(0, limit),
        ),
      add: ({ sessionId, ...m }, now) =>
        run<{ message: Message; created: boolean }, errors.SessionNotFound | errors.SessionEnded>(() => {
          const r = storeMessage(db.sessions.get(sessionId), sessionId, m, now);
          return 'left' in r ? r : { message: r.message, created: r.created };
        }),
      addToSession: (ref, m, now) =>
        run<AddedToSession, errors.SessionNotFound | errors.SessionEnded>(() => {
          const key = ref.sessionId ?? ref.sessionUuid;
          const s =
            ref.sessionId !== undefined
              ? db.sessions.get(ref.sessionId)
              : [...db.sessions.values()].find((x) => x.sessionUuid === ref.sessionUuid);
          return storeMessage(s, key, m, now);
        }),
      listBySession: (sid) => run(() => sessionMessages(sid)),
    },
    knowledge: {
      addMany: (entries, now) =>
        run(() =>
          entries.map((e) => {
            const row = { id: id(), ...e, viewsCount: 0, helpfulCount: 0, createdAt: now, updatedAt: now };
            db.knowledge.set(row.id, row);
            return strip(row);
          }),
        ),
      update: (kid, patch, now) =>
        run(() => {
          const e = db.knowledge.get(kid);
          if (!e) return fail(errors.knowledgeEntryNotFound(kid));
          const updated = { ...e, ...patch, updatedAt: now };
          db.knowledge.set(kid, updated);
          return strip(updated);
        }),
      findById: (kid) =>
        run(() => {
          const e = db.knowledge.get(kid);
          return e ? strip(e) : null;
        }),
      list: (q) =>
        run(() =>
          [...db.knowledge.values()]
            .filter((e) => q.includeInactive || e.isActive)
            .sort((a, b) => a.id - b.id)
            .slice(q.offset, q.offset + q.limit)
            .map(strip),
        ),
      searchByVector: (vector, q) => run(() => vectorHits(vector, q)),
      searchByText: (text, q) => run(() => textHits(text, q)),
      searchHybrid: (vector, text, q) => run(() => ({ byVector: vectorHits(vector, q), byText: textHits(text, q) })),
      incrementViews: (kid) =>
        run(() => {
          const e = db.knowledge.get(kid);
          if (!e) return fail(errors.knowledgeEntryNotFound(kid));
          db.knowledge.set(kid, { ...e, viewsCount: e.viewsCount + 1 });
          return undefined;
        }),
      incrementHelpful: (kid) =>
        run(() => {
          const e = db.knowledge.get(kid);
          if (!e) return fail(errors.knowledgeEntryNotFound(kid));
          db.knowledge.set(kid, { ...e, helpfulCount: e.helpfulCount + 1 });
          return undefined;
        }),
      recordHelpfulVote: (kid, voter) =>
        run<{ counted: boolean }, errors.KnowledgeEntryNotFound | errors.VisitorNotFound>(() => {
          const e = db.knowledge.get(kid);
          if (!e) return fail(errors.knowledgeEntryNotFound(kid));
          const v =
            'visitorId' in voter
              ? db.visitors.get(voter.visitorId)
              : [...db.visitors.values()].find((x) => x.visitorId === voter.visitorUuid.toLowerCase());
          if (!v) return fail(errors.visitorNotFound('visitorId' in voter ? voter.visitorId : voter.visitorUuid));
          const key = `${kid}:${v.id}`;
          if (db.votes.has(key)) return { counted: false };
          db.votes.add(key);
          db.knowledge.set(kid, { ...e, helpfulCount: e.helpfulCount + 1 });
          return { counted: true };
        }),
      countByCategory: () =>
        run(() => {
          const counts = new Map<string | null, number>();
          for (const e of db.knowledge.values()) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
          return [...counts.entries()]
            .map(([category, count]) => ({ category, count }))
            .sort((a, b) =>
              a.category === null ? 1 : b.category === null ? -1 : a.category.localeCompare(b.category),
            );
        }),
      embeddingModels: () =>
        run(() => {
          const counts = new Map<string | null, number>();
          for (const e of db.knowledge.values()) counts.set(e.embeddingModel, (counts.get(e.embeddingModel) ?? 0) + 1);
          return [...counts.entries()]
            .map(([model, count]) => ({ model, count }))
            .sort(
              (a, b) =>
                b.count - a.count || (a.model === null ? 1 : b.model === null ? -1 : a.model < b.model ? -1 : 1),
            );
        }),
      listForReembed: (q) =>
        run(() =>
          [...db.knowledge.values()]
            .filter((e) => e.id > q.afterId && e.embeddingModel !== q.exceptModel)
            .sort((a, b) => a.id - b.id)
            .slice(0, q.limit)
            .map((e) => ({ id: e.id, question: e.question, keywords: e.keywords })),
        ),
      setEmbeddings: (rows, now) =>
        run(() => {
          let written = 0;
          for (const r of rows) {
            const e = db.knowledge.get(r.id);
            if (!e || e.embeddingModel === r.embeddingModel) continue;
            db.knowledge.set(r.id, { ...e, embedding: r.embedding, embeddingModel: r.embeddingModel, updatedAt: now });
            written++;
          }
          return written;
        }),
    },
    widgets: {
      findByName: (name) => run(() => [...db.widgets.values()].find((w) => w.name === name) ?? null),
      upsert: (name, settings, now) =>
        run(() => {
          const existing = [...db.widgets.values()].find((w) => w.name === name);
          const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
          const w: WidgetProfile = existing
            ? { ...existing, ...defined, updatedAt: now }
            : {
                id: id(),
                name,
                welcomeMessage: null,
                placeholderText: null,
                botName: null,
                botAvatarUrl: null,
                primaryColor: null,
                position: null,
                autoOpenDelay: null,
                offlineMessage: null,
                isActive: true,
                businessHours: null,
                language: 'ru',
                ...defined,
                createdAt: now,
                updatedAt: now,
              };
          db.widgets.set(w.id, w);
          return w;
        }),
      list: () => run(() => [...db.widgets.values()].sort((a, b) => a.name.localeCompare(b.name))),
    },
    context: {
      set: (key, value, category, now) =>
        run(() => {
          const existing = [...db.context.values()].find((c) => c.key === key);
          const c: ContextEntry = existing
            ? { ...existing, value, category, updatedAt: now }
            : { id: id(), key, value, category, createdAt: now, updatedAt: now };
          db.context.set(c.id, c);
          return c;
        }),
      get: (key) => run(() => [...db.context.values()].find((c) => c.key === key) ?? null),
      list: (category) =>
        run(() =>
          [...db.context.values()]
            .filter((c) => category === null || c.category === category)
            .sort((a, b) => a.key.localeCompare(b.key)),
        ),
    },
    unanswered: {
      record: (normalizedText, exampleText, now) => run(() => countUnanswered(normalizedText, exampleText, now)),
      list: (page) =>
        run(() =>
          [...db.unanswered.values()]
            .sort((a, b) => b.count - a.count || b.lastSeen.getTime() - a.lastSeen.getTime() || a.id - b.id)
            .slice(page.offset, page.offset + page.limit),
        ),
    },
    answerContext: {
      load: ({ keys, sessionId, upTo, window }) =>
        run(() => {
          const values: Record<string, string> = {};
          for (const c of db.context.values()) if (keys.includes(c.key)) values[c.key] = c.value;
          const conversation = sessionMessages(sessionId)
            .filter(
              (m) =>
                m.timestamp.getTime() < upTo.timestamp.getTime() ||
                (m.timestamp.getTime() === upTo.timestamp.getTime() && m.id <= upTo.id),
            )
            .slice(window > 0 ? -window : Number.POSITIVE_INFINITY);
          return { values, conversation };
        }),
    },
  };

  const storage: FakeStorage = {
    kind: 'fake',
    get failing() {
      return self.failing;
    },
    set failing(v: boolean) {
      self.failing = v;
    },
    get operatorsOnline() {
      return self.operatorsOnline;
    },
    set operatorsOnline(n: number) {
      self.operatorsOnline = n;
    },
    tables: () => db,
    repositories,
    unitOfWork: {
      transaction: (work) => async () => {
        const snapshot = copyTables(db);
        try {
          const result = await work(repositories)();
          if (result._tag === 'Left') db = snapshot;
          return result;
        } catch (e) {
          db = snapshot;
          throw e;
        }
      },
    },
    schema: {
      createTables: () => TE.right(undefined),
      dropTables: () =>
        TE.fromIO(() => {
          db = emptyTables();
        }),
      status: () => TE.right({ pending: [], changed: [] }),
      connections: () => null,
    },
    events,
    close: async () => undefined,
  };
  return storage;
};
