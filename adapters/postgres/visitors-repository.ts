import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { visitorAlreadyConverted, visitorNotFound } from '../../src/domain/errors.js';
import type { Visitors } from '../../src/ports/visitors.js';
import { toVisitor, VISITOR_COLUMNS, VisitorRow } from './row-schemas.js';
import { command, parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

const ExistsRow = z.object({ converted: z.boolean() });
const ErasedRow = z.object({ visitors: z.number().int(), sessions: z.number().int(), messages: z.number().int() });

export const createVisitorsRepository = (target: QueryTarget): Visitors => {
  const { connection } = target;
  const findBy = (condition: ReturnType<typeof sql.fragment>) =>
    storageValue(target, async () => {
      const rows = parseRows(
        VisitorRow,
        await connection.any(sql.type(VisitorRow)`
        SELECT ${VISITOR_COLUMNS} FROM visitors WHERE ${condition}`),
      );
      return rows[0] ? toVisitor(rows[0]) : null;
    });

  return {
    // ON CONFLICT DO UPDATE takes the row lock itself, so racing first visits with one
    // UUID end up as one insert and updates, never a unique violation.
    upsert: (details, now) =>
      storageValue(target, async () => {
        const row = await connection.one(sql.type(VisitorRow)`
          INSERT INTO visitors (visitor_id, ip_address, user_agent, device_type, browser, first_visit, last_visit)
          VALUES (${details.visitorId}, ${details.ipAddress}, ${details.userAgent}, ${details.deviceType},
                  ${details.browser}, ${timestamptz(now)}, ${timestamptz(now)})
          ON CONFLICT (visitor_id) DO UPDATE SET
            last_visit  = EXCLUDED.last_visit,
            ip_address  = coalesce(EXCLUDED.ip_address, visitors.ip_address),
            user_agent  = coalesce(EXCLUDED.user_agent, visitors.user_agent),
            device_type = coalesce(EXCLUDED.device_type, visitors.device_type),
            browser     = coalesce(EXCLUDED.browser, visitors.browser)
          RETURNING ${VISITOR_COLUMNS}`);
        return toVisitor(parseRow(VisitorRow, row));
      }),

    findById: (id) => findBy(sql.fragment`id = ${id}`),
    findByUuid: (visitorId) => findBy(sql.fragment`visitor_id = ${visitorId}`),

    // The condition `user_id IS NULL` is the check; the follow-up read only explains a miss.
    markConverted: (id, userId) =>
      storageTask(target, async () => {
        const updated = await connection.maybeOne(sql.type(VisitorRow)`
          UPDATE visitors SET user_id = ${userId}
          WHERE id = ${id} AND user_id IS NULL
          RETURNING ${VISITOR_COLUMNS}`);
        if (updated !== null) return E.right(toVisitor(parseRow(VisitorRow, updated)));
        const existing = await connection.maybeOne(sql.type(ExistsRow)`
          SELECT user_id IS NOT NULL AS converted FROM visitors WHERE id = ${id}`);
        return E.left(existing === null ? visitorNotFound(id) : visitorAlreadyConverted(id));
      }),

    // One statement, so an erasure is all or nothing without a transaction. Messages and
    // sessions are deleted explicitly (not left to ON DELETE CASCADE) to count them; a
    // message that commits concurrently still goes with its session through the cascade.
    erase: (id) =>
      storageTask(target, async () => {
        const row = parseRow(
          ErasedRow,
          await connection.one(sql.type(ErasedRow)`
          WITH target AS (
            SELECT id FROM visitors WHERE id = ${id} FOR UPDATE
          ), gone_messages AS (
            DELETE FROM messages WHERE session_id IN (
              SELECT sessions.id FROM sessions JOIN target ON sessions.visitor_id = target.id)
            RETURNING 1
          ), gone_sessions AS (
            DELETE FROM sessions WHERE visitor_id IN (SELECT id FROM target) RETURNING 1
          ), gone_visitor AS (
            DELETE FROM visitors WHERE id IN (SELECT id FROM target) RETURNING 1
          )
          SELECT (SELECT count(*)::int FROM gone_visitor) AS visitors,
                 (SELECT count(*)::int FROM gone_sessions) AS sessions,
                 (SELECT count(*)::int FROM gone_messages) AS messages`),
        );
        return row.visitors === 0
          ? E.left(visitorNotFound(id))
          : E.right({ sessions: row.sessions, messages: row.messages });
      }),

    // A visitor in an active chat is left alone: the chat may still need its details.
    anonymizeNotVisitedSince: (cutoff) =>
      storageValue(target, async () => {
        const result = await connection.query(command`
          UPDATE visitors SET ip_address = NULL, user_agent = NULL
          WHERE last_visit < ${timestamptz(cutoff)}
            AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM sessions WHERE sessions.visitor_id = visitors.id AND sessions.is_active)`);
        return result.rowCount;
      }),
  };
};
