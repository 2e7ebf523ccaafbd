import * as E from 'fp-ts/lib/Either.js';
import { visitorAlreadyConverted, visitorNotFound } from '../../src/domain/errors.js';
import type { Visitors } from '../../src/ports/visitors.js';
import type { Executor } from './executor.js';
import { sqlDate, toVisitor } from './row-mappers.js';

export const createVisitorsRepository = (executor: Executor): Visitors => ({
  upsert: (details, now) =>
    executor.write((db) => {
      // one statement, so concurrent upserts of a UUID converge on one row
      const row = db.get(
        `INSERT INTO visitors (visitor_id, ip_address, user_agent, device_type, browser, first_visit, last_visit)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (visitor_id) DO UPDATE SET
           last_visit = excluded.last_visit,
           ip_address = coalesce(excluded.ip_address, visitors.ip_address),
           user_agent = coalesce(excluded.user_agent, visitors.user_agent),
           device_type = coalesce(excluded.device_type, visitors.device_type),
           browser = coalesce(excluded.browser, visitors.browser)
         RETURNING *`,
        [
          details.visitorId,
          details.ipAddress,
          details.userAgent,
          details.deviceType,
          details.browser,
          sqlDate(now),
          sqlDate(now),
        ],
      );
      if (!row) throw new Error('visitor upsert returned no row');
      return E.right(toVisitor(row));
    }),

  findById: (id) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM visitors WHERE id = ?', [id]);
      return E.right(row ? toVisitor(row) : null);
    }),

  findByUuid: (visitorId) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM visitors WHERE visitor_id = ?', [visitorId]);
      return E.right(row ? toVisitor(row) : null);
    }),

  markConverted: (id, userId) =>
    executor.write((db) => {
      const row = db.get('UPDATE visitors SET user_id = ? WHERE id = ? AND user_id IS NULL RETURNING *', [userId, id]);
      if (row) return E.right(toVisitor(row));
      const exists = db.get('SELECT 1 AS present FROM visitors WHERE id = ?', [id]);
      return E.left(exists ? visitorAlreadyConverted(id) : visitorNotFound(id));
    }),

  // counted before the delete; the savepoint and the store's lock make the whole step atomic
  erase: (id) =>
    executor.write((db) => {
      if (!db.get('SELECT 1 AS present FROM visitors WHERE id = ?', [id])) return E.left(visitorNotFound(id));
      const messages = db.run(
        'DELETE FROM messages WHERE session_id IN (SELECT id FROM sessions WHERE visitor_id = ?)',
        [id],
      );
      const sessions = db.run('DELETE FROM sessions WHERE visitor_id = ?', [id]);
      db.run('DELETE FROM visitors WHERE id = ?', [id]);
      return E.right({ sessions, messages });
    }),

  anonymizeNotVisitedSince: (cutoff) =>
    executor.write((db) =>
      E.right(
        db.run(
          `UPDATE visitors SET ip_address = NULL, user_agent = NULL
           WHERE last_visit < ? AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)
             AND NOT EXISTS (SELECT 1 FROM sessions WHERE sessions.visitor_id = visitors.id AND sessions.is_active = 1)`,
          [sqlDate(cutoff)],
        ),
      ),
    ),
});
