import * as E from 'fp-ts/lib/Either.js';
import { sessionEnded, sessionNotFound } from '../../src/domain/errors.js';
import type { Messages } from '../../src/ports/messages.js';
import type { Executor } from './executor.js';
import { integer, sqlDate, toMessage } from './row-mappers.js';

export const createMessagesRepository = (executor: Executor): Messages => ({
  // The session check, the insert and the updated_at bump run as one savepoint under the
  // store's lock, so no message can land after an EndChat that committed first.
  add: (message, now) =>
    executor.write((db) => {
      if (message.clientMessageId !== null) {
        // a retried send returns what the first one stored, even if the chat has ended since
        const existing = db.get('SELECT * FROM messages WHERE session_id = ? AND client_message_id = ?', [
          message.sessionId,
          message.clientMessageId,
        ]);
        if (existing) return E.right({ message: toMessage(existing), created: false });
      }
      const session = db.get('SELECT is_active FROM sessions WHERE id = ?', [message.sessionId]);
      if (!session) return E.left(sessionNotFound(message.sessionId));
      if (integer(session, 'is_active') === 0) return E.left(sessionEnded(message.sessionId));
      const row = db.get(
        `INSERT INTO messages (session_id, role, content, timestamp, tokens_used, source, knowledge_id, client_message_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          message.sessionId,
          message.role,
          message.content,
          sqlDate(now),
          message.tokensUsed,
          message.source,
          message.knowledgeId,
          message.clientMessageId,
        ],
      );
      if (!row) throw new Error('message insert returned no row');
      db.run('UPDATE sessions SET updated_at = ? WHERE id = ?', [sqlDate(now), message.sessionId]);
      return E.right({ message: toMessage(row), created: true });
    }),

  listBySession: (sessionId) =>
    executor.read((db) =>
      E.right(db.all('SELECT * FROM messages WHERE session_id = ? ORDER BY timestamp, id', [sessionId]).map(toMessage)),
    ),
});
