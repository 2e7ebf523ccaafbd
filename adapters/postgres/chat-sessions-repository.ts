import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { sessionEnded, sessionNotFound, userNotFound, visitorNotFound } from '../../src/domain/errors.js';
import type { ChatSessions } from '../../src/ports/chat-sessions.js';
import { SESSION_COLUMNS, SessionRow, toChatSession } from './row-schemas.js';
import { command, parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

const CountRow = z.object({ count: z.number().int() });
const DeletedRow = z.object({ sessions: z.number().int(), messages: z.number().int() });

export const createChatSessionsRepository = (target: QueryTarget): ChatSessions => {
  const { connection } = target;
  const list = (condition: ReturnType<typeof sql.fragment>, page: ReturnType<typeof sql.fragment>) =>
    storageValue(target, async () =>
      parseRows(
        SessionRow,
        await connection.any(sql.type(SessionRow)`
        SELECT ${SESSION_COLUMNS} FROM sessions WHERE ${condition} ORDER BY id ${page}`),
      ).map(toChatSession),
    );
  const findBy = (condition: ReturnType<typeof sql.fragment>) =>
    storageValue(target, async () => {
      const rows = parseRows(
        SessionRow,
        await connection.any(sql.type(SessionRow)`
        SELECT ${SESSION_COLUMNS} FROM sessions WHERE ${condition}`),
      );
      return rows[0] ? toChatSession(rows[0]) : null;
    });

  return {
    // A converted visitor's user is read in the same statement, so a conversion that
    // commits concurrently is either seen entirely or the session is reassigned by it.
    create: (session, now) =>
      storageTask(
        target,
        async () => {
          const row = await connection.one(sql.type(SessionRow)`
            INSERT INTO sessions (visitor_id, user_id, session_uuid, title, page_url, widget_profile, created_at, updated_at, is_active)
            VALUES (
              ${session.visitorId},
              coalesce(${session.userId}::int, (SELECT user_id FROM visitors WHERE id = ${session.visitorId}::int)),
              ${session.sessionUuid}, ${session.title}, ${session.pageUrl}, ${session.widgetProfile ?? null},
              ${timestamptz(now)}, ${timestamptz(now)}, true)
            RETURNING ${SESSION_COLUMNS}`);
          return E.right(toChatSession(parseRow(SessionRow, row)));
        },
        {
          sessions_visitor_id_fkey: () => visitorNotFound(session.visitorId ?? 0),
          sessions_user_id_fkey: () => userNotFound(session.userId ?? 0),
        },
      ),

    findById: (id) => findBy(sql.fragment`id = ${id}`),
    findByUuid: (sessionUuid) => findBy(sql.fragment`session_uuid = ${sessionUuid}`),

    // `AND is_active` makes the check and the write one step: of two racing ends exactly
    // one updates; the other reads an ended session. The `ended` state message is stored
    // by the same statement, under the same row lock as every message of the session.
    end: (id, rating, now) =>
      storageTask(target, async () => {
        const updated = await connection.maybeOne(sql.type(SessionRow)`
          WITH ended AS (
            UPDATE sessions
            SET is_active = false, ended_at = ${timestamptz(now)}, updated_at = ${timestamptz(now)},
                satisfaction_rating = coalesce(${rating}::int, satisfaction_rating)
            WHERE id = ${id} AND is_active
            RETURNING ${SESSION_COLUMNS}
          ), noted AS (
            INSERT INTO messages (session_id, role, content, "timestamp", source)
            SELECT id, 'system', 'ended', ${timestamptz(now)}, 'state' FROM ended
          )
          SELECT ${SESSION_COLUMNS} FROM ended`);
        if (updated !== null) return E.right(toChatSession(parseRow(SessionRow, updated)));
        const exists = await connection.maybeOne(sql.type(CountRow)`
          SELECT count(*)::int AS count FROM sessions WHERE id = ${id}`);
        return E.left(exists !== null && parseRow(CountRow, exists).count > 0 ? sessionEnded(id) : sessionNotFound(id));
      }),

    listActive: (page) => list(sql.fragment`is_active`, sql.fragment`LIMIT ${page.limit} OFFSET ${page.offset}`),
    listByVisitor: (visitorId) => list(sql.fragment`visitor_id = ${visitorId}`, sql.fragment``),

    assignVisitorSessionsToUser: (visitorId, userId, now) =>
      storageValue(target, async () => {
        const result = await connection.query(command`
          UPDATE sessions SET user_id = ${userId}, updated_at = ${timestamptz(now)}
          WHERE visitor_id = ${visitorId}`);
        return result.rowCount;
      }),

    // An ended session accepts no messages (Messages.add checks under the row lock), so
    // nothing can be added to the rows this deletes while it runs.
    deleteEndedBefore: (cutoff) =>
      storageValue(target, async () => {
        const row = parseRow(
          DeletedRow,
          await connection.one(sql.type(DeletedRow)`
          WITH doomed AS (
            SELECT id FROM sessions WHERE NOT is_active AND ended_at < ${timestamptz(cutoff)} FOR UPDATE
          ), gone_messages AS (
            DELETE FROM messages WHERE session_id IN (SELECT id FROM doomed) RETURNING 1
          ), gone_sessions AS (
            DELETE FROM sessions WHERE id IN (SELECT id FROM doomed) RETURNING 1
          )
          SELECT (SELECT count(*)::int FROM gone_sessions) AS sessions,
                 (SELECT count(*)::int FROM gone_messages) AS messages`),
        );
        return { sessions: row.sessions, messages: row.messages };
      }),
  };
};
