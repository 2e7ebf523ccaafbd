import * as E from 'fp-ts/lib/Either.js';
import { sessionEnded, sessionNotFound, type SessionEnded, type SessionNotFound } from '../../src/domain/errors.js';
import type { AddedToSession, Messages, NewMessage } from '../../src/ports/messages.js';
import type { Executor } from './executor.js';
import type { SqlDatabase } from './sql-database.js';
import { COUNT_VIEW, integer, sqlDate, toChatSession, toMessage } from './row-mappers.js';
import { countUnansweredQuestion } from './unanswered-questions-repository.js';

// constant statements, so no SQL text is ever built from a value
const SESSION_BY_ID = 'SELECT * FROM sessions WHERE id = ?';
const SESSION_BY_UUID = 'SELECT * FROM sessions WHERE session_uuid = ?';

/**
 * The session check, the insert, the updated_at bump, the view count and the unanswered
 * question's count, for one write:
 * it runs as one savepoint under the store's lock, so no message can land after an
 * EndChat that committed first.
 */
const store = (
  db: SqlDatabase,
  session: { readonly query: typeof SESSION_BY_ID | typeof SESSION_BY_UUID; readonly key: number | string },
  message: Omit<NewMessage, 'sessionId'>,
  now: Date,
): E.Either<SessionNotFound | SessionEnded, AddedToSession> => {
  const row = db.get(session.query, [session.key]);
  if (!row) return E.left(sessionNotFound(session.key));
  const found = toChatSession(row);
  if (message.clientMessageId !== null) {
    // a retried send returns what the first one stored, even if the chat has ended since
    const existing = db.get('SELECT * FROM messages WHERE session_id = ? AND client_message_id = ?', [
      found.id,
      message.clientMessageId,
    ]);
    if (existing) return E.right({ message: toMessage(existing), created: false, session: found });
  }
  if (integer(row, 'is_active') === 0) return E.left(sessionEnded(found.id));
  // an entry deleted since the answer was chosen is stored as null, as ON DELETE SET NULL
  // would have left it, instead of failing the foreign key and losing the reply
  const knowledgeId =
    message.knowledgeId !== null && db.get('SELECT id FROM knowledge_base WHERE id = ?', [message.knowledgeId])
      ? message.knowledgeId
      : null;
  const inserted = db.get(
    `INSERT INTO messages (session_id, role, content, timestamp, tokens_used, source, knowledge_id, client_message_id, grounding_ids)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      found.id,
      message.role,
      message.content,
      sqlDate(now),
      message.tokensUsed,
      message.source,
      knowledgeId,
      message.clientMessageId,
      message.groundingIds && message.groundingIds.length > 0 ? JSON.stringify(message.groundingIds) : null,
    ],
  );
  if (!inserted) throw new Error('message insert returned no row');
  db.run('UPDATE sessions SET updated_at = ? WHERE id = ?', [sqlDate(now), found.id]);
  if (message.countView === true && knowledgeId !== null) {
    db.run(COUNT_VIEW, [knowledgeId]);
  }
  if (message.unansweredQuestion !== undefined) countUnansweredQuestion(db, message.unansweredQuestion, now);
  return E.right({ message: toMessage(inserted), created: true, session: { ...found, updatedAt: now } });
};

export const createMessagesRepository = (executor: Executor): Messages => ({
  add: ({ sessionId, ...message }, now) =>
    executor.write((db) =>
      E.map(({ message: m, created }: AddedToSession) => ({ message: m, created }))(
        store(db, { query: SESSION_BY_ID, key: sessionId }, message, now),
      ),
    ),

  addToSession: (ref, message, now) =>
    executor.write((db) =>
      store(
        db,
        ref.sessionId !== undefined
          ? { query: SESSION_BY_ID, key: ref.sessionId }
          : { query: SESSION_BY_UUID, key: ref.sessionUuid },
        message,
        now,
      ),
    ),

  listAfter: (sessionId, afterId, limit) =>
    executor.read((db) =>
      E.right(
        db
          .all('SELECT * FROM messages WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?', [
            sessionId,
            afterId,
            limit,
          ])
          .map(toMessage),
      ),
    ),

  listBySession: (sessionId) =>
    executor.read((db) =>
      E.right(db.all('SELECT * FROM messages WHERE session_id = ? ORDER BY timestamp, id', [sessionId]).map(toMessage)),
    ),
});
