import * as E from 'fp-ts/lib/Either.js';
import { sessionEnded, sessionNotFound, userNotFound, visitorNotFound } from '../../src/domain/errors.js';
import type { ChatSessions } from '../../src/ports/chat-sessions.js';
import type { Executor } from './executor.js';
import { nullableIntegerColumn, sqlDate, toChatSession } from './row-mappers.js';

export const createChatSessionsRepository = (executor: Executor): ChatSessions => ({
  create: (session, now) =>
    executor.write((db) => {
      let userId = session.userId;
      if (session.visitorId !== null) {
        const visitor = db.get('SELECT user_id FROM visitors WHERE id = ?', [session.visitorId]);
        if (!visitor) return E.left(visitorNotFound(session.visitorId));
        // a converted visitor's new chats belong to its user too
        userId ??= nullableIntegerColumn(visitor, 'user_id');
      }
      if (session.userId !== null && !db.get('SELECT 1 AS present FROM users WHERE id = ?', [session.userId])) {
        return E.left(userNotFound(session.userId));
      }
      const row = db.get(
        `INSERT INTO sessions (visitor_id, user_id, session_uuid, title, page_url, widget_profile, created_at, updated_at, is_active)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING *`,
        [
          session.visitorId,
          userId,
          session.sessionUuid,
          session.title,
          session.pageUrl,
          session.widgetProfile ?? null,
          sqlDate(now),
          sqlDate(now),
        ],
      );
      if (!row) throw new Error('session insert returned no row');
      return E.right(toChatSession(row));
    }),

  findById: (id) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM sessions WHERE id = ?', [id]);
      return E.right(row ? toChatSession(row) : null);
    }),

  findByUuid: (sessionUuid) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM sessions WHERE session_uuid = ?', [sessionUuid]);
      return E.right(row ? toChatSession(row) : null);
    }),

  end: (id, rating, now) =>
    executor.write((db) => {
      const row = db.get(
        `UPDATE sessions SET is_active = 0, ended_at = ?, updated_at = ?, satisfaction_rating = coalesce(?, satisfaction_rating)
         WHERE id = ? AND is_active = 1 RETURNING *`,
        [sqlDate(now), sqlDate(now), rating, id],
      );
      if (row) {
        // followers of the chat see it end, in order with its messages (as on PostgreSQL)
        db.run(
          "INSERT INTO messages (session_id, role, content, timestamp, source) VALUES (?, 'system', 'ended', ?, 'state')",
          [id, sqlDate(now)],
        );
        return E.right(toChatSession(row));
      }
      const exists = db.get('SELECT 1 AS present FROM sessions WHERE id = ?', [id]);
      return E.left(exists ? sessionEnded(id) : sessionNotFound(id));
    }),

  listActive: (page) =>
    executor.read((db) =>
      E.right(
        db
          .all('SELECT * FROM sessions WHERE is_active = 1 ORDER BY id LIMIT ? OFFSET ?', [page.limit, page.offset])
          .map(toChatSession),
      ),
    ),

  listByVisitor: (visitorId) =>
    executor.read((db) =>
      E.right(db.all('SELECT * FROM sessions WHERE visitor_id = ? ORDER BY id', [visitorId]).map(toChatSession)),
    ),

  assignVisitorSessionsToUser: (visitorId, userId, now) =>
    executor.write((db) =>
      E.right(
        db.run('UPDATE sessions SET user_id = ?, updated_at = ? WHERE visitor_id = ?', [
          userId,
          sqlDate(now),
          visitorId,
        ]),
      ),
    ),

  deleteEndedBefore: (cutoff) =>
    executor.write((db) => {
      const messages = db.run(
        'DELETE FROM messages WHERE session_id IN (SELECT id FROM sessions WHERE is_active = 0 AND ended_at < ?)',
        [sqlDate(cutoff)],
      );
      const sessions = db.run('DELETE FROM sessions WHERE is_active = 0 AND ended_at < ?', [sqlDate(cutoff)]);
      return E.right({ sessions, messages });
    }),
});
