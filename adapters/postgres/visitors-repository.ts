import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { visitorAlreadyConverted, visitorNotFound } from '../../src/domain/errors.js';
import type { Visitors } from '../../src/ports/visitors.js';
import { toVisitor, VISITOR_COLUMNS, VisitorRow } from './row-schemas.js';
import { parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

const ExistsRow = z.object({ converted: z.boolean() });

export const createVisitorsRepository = (target: QueryTarget): Visitors => {
  const { connection } = target;
  const findBy = (condition: ReturnType<typeof sql.fragment>) =>
    storageValue(target, async () => {
      const rows = parseRows(VisitorRow, await connection.any(sql.type(VisitorRow)`
        SELECT ${VISITOR_COLUMNS} FROM visitors WHERE ${condition}`));
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
  };
};
