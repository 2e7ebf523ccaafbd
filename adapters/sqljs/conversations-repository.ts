import * as E from 'fp-ts/lib/Either.js';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import {
  conversationTaken,
  notYourConversation,
  sessionEnded,
  sessionNotFound,
  type SessionEnded,
  type SessionNotFound,
} from '../../src/domain/errors.js';
import type { Conversations, HandlingChange } from '../../src/ports/conversations.js';
import type { SessionRef } from '../../src/ports/messages.js';
import type { Executor } from './executor.js';
import { businessHours, integer, sqlDate, toChatSession, toMessage, toVisitor } from './row-mappers.js';
import type { Row, SqlDatabase } from './sql-database.js';

const SESSION_BY_ID = 'SELECT * FROM sessions WHERE id = ?';
const SESSION_BY_UUID = 'SELECT * FROM sessions WHERE session_uuid = ?';

interface Change {
  /** The new columns: `handling` and what goes with it. */
  readonly assignments: string;
  readonly values: ReadonlyArray<number | string | null>;
  readonly state: 'waiting' | 'operator' | 'bot';
  readonly operatorId: number | null;
}

/**
 * Reads the session, applies `change` when `allowed` says so, and stores the state
 * message: one savepoint under the store's lock, so nothing interleaves with it.
 */
const step = <L>(
  db: SqlDatabase,
  key: { readonly query: string; readonly value: number | string },
  now: Date,
  allowed: (session: ChatSession) => boolean,
  refused: (session: ChatSession) => L | null,
  change: Change,
): E.Either<L | SessionNotFound | SessionEnded, HandlingChange> => {
  const row = db.get(key.query, [key.value]);
  if (!row) return E.left(sessionNotFound(key.value));
  const before = toChatSession(row);
  if (!before.isActive) return E.left(sessionEnded(before.id));
  if (!allowed(before)) {
    const refusal = refused(before);
    return refusal === null ? E.right({ session: before, changed: false, stateMessage: null }) : E.left(refusal);
  }
  const after = db.get(`UPDATE sessions SET ${change.assignments}, updated_at = ? WHERE id = ? RETURNING *`, [
    ...change.values,
    sqlDate(now),
    before.id,
  ]);
  const noted = db.get(
    "INSERT INTO messages (session_id, role, content, timestamp, source, operator_id) VALUES (?, 'system', ?, ?, 'state', ?) RETURNING *",
    [before.id, change.state, sqlDate(now), change.operatorId],
  );
  if (!after || !noted) throw new Error('conversation step wrote no row');
  return E.right({ session: toChatSession(after), changed: true, stateMessage: toMessage(noted) });
};

const keyOf = (ref: SessionRef) =>
  ref.sessionId !== undefined
    ? { query: SESSION_BY_ID, value: ref.sessionId }
    : { query: SESSION_BY_UUID, value: ref.sessionUuid };

export const createConversationsRepository = (executor: Executor): Conversations => ({
  requestPerson: (ref, now) =>
    executor.write((db) =>
      step<never>(
        db,
        keyOf(ref),
        now,
        (s) => s.handling === 'bot',
        () => null,
        {
          assignments: 'handling = ?, waiting_since = ?, handoff_at = coalesce(handoff_at, ?)',
          values: ['waiting', sqlDate(now), sqlDate(now)],
          state: 'waiting',
          operatorId: null,
        },
      ),
    ),

  take: (sessionId, operatorId, now) =>
    executor.write((db) =>
      step(
        db,
        { query: SESSION_BY_ID, value: sessionId },
        now,
        (s) => s.handling === 'bot' || s.handling === 'waiting',
        (s) => (s.operatorId === operatorId ? null : conversationTaken(s.sessionUuid, s.operatorId ?? 0)),
        {
          assignments:
            'handling = ?, operator_id = ?, waiting_since = NULL, handoff_at = coalesce(handoff_at, ?), assigned_at = coalesce(assigned_at, ?)',
          values: ['operator', operatorId, sqlDate(now), sqlDate(now)],
          state: 'operator',
          operatorId,
        },
      ),
    ),

  handBack: (sessionId, operatorId, now) =>
    executor.write((db) =>
      step(
        db,
        { query: SESSION_BY_ID, value: sessionId },
        now,
        (s) => s.handling === 'operator' && s.operatorId === operatorId,
        (s) => notYourConversation(s.sessionUuid),
        {
          assignments: 'handling = ?, operator_id = NULL, waiting_since = NULL',
          values: ['bot'],
          state: 'bot',
          operatorId,
        },
      ),
    ),

  addOperatorMessage: (sessionId, operatorId, message, now) =>
    executor.write((db) => {
      const row = db.get(SESSION_BY_ID, [sessionId]);
      if (!row) return E.left(sessionNotFound(sessionId));
      const session = toChatSession(row);
      if (message.clientMessageId !== null) {
        const existing = db.get('SELECT * FROM messages WHERE session_id = ? AND client_message_id = ?', [
          sessionId,
          message.clientMessageId,
        ]);
        if (existing) return E.right({ message: toMessage(existing), created: false });
      }
      if (!session.isActive) return E.left(sessionEnded(session.id));
      if (session.handling !== 'operator' || session.operatorId !== operatorId)
        return E.left(notYourConversation(session.sessionUuid));
      const inserted = db.get(
        `INSERT INTO messages (session_id, role, content, timestamp, source, operator_id, client_message_id)
         VALUES (?, 'assistant', ?, ?, 'operator', ?, ?) RETURNING *`,
        [sessionId, message.content, sqlDate(now), operatorId, message.clientMessageId],
      );
      if (!inserted) throw new Error('message insert returned no row');
      db.run('UPDATE sessions SET updated_at = ?, first_response_at = coalesce(first_response_at, ?) WHERE id = ?', [
        sqlDate(now),
        sqlDate(now),
        sessionId,
      ]);
      return E.right({ message: toMessage(inserted), created: true });
    }),

  availability: (widgetProfile, since) =>
    executor.read((db) => {
      const online = db.get(
        `SELECT count(*) AS n FROM operator_presence p JOIN operators o ON o.id = p.operator_id
         WHERE o.is_active = 1 AND p.last_seen_at >= ?`,
        [sqlDate(since)],
      );
      const profile = db.get('SELECT business_hours FROM chat_widget WHERE name = ?', [widgetProfile]);
      return E.right({
        operatorsOnline: online ? integer(online, 'n') : 0,
        businessHours: profile ? businessHours(profile) : null,
      });
    }),

  queue: (limit) =>
    executor.read((db) =>
      E.right(
        db
          .all(
            `SELECT * FROM sessions WHERE is_active = 1 AND handling <> 'bot'
             ORDER BY waiting_since IS NULL, waiting_since, id LIMIT ?`,
            [limit],
          )
          .map((row: Row) => {
            const session = toChatSession(row);
            const visitor =
              session.visitorId === null
                ? undefined
                : db.get('SELECT * FROM visitors WHERE id = ?', [session.visitorId]);
            const last = db.get(
              "SELECT * FROM messages WHERE session_id = ? AND (source IS NULL OR source <> 'state') ORDER BY id DESC LIMIT 1",
              [session.id],
            );
            const count = db.get("SELECT count(*) AS n FROM messages WHERE session_id = ? AND role = 'user'", [
              session.id,
            ]);
            return {
              session,
              visitor: visitor ? toVisitor(visitor) : null,
              lastMessage: last ? toMessage(last) : null,
              visitorMessages: count ? integer(count, 'n') : 0,
            };
          }),
      ),
    ),
});
