import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { contactRequestNotFound } from '../../src/domain/errors.js';
import type { ContactRequest, ContactRequests } from '../../src/ports/contact-requests.js';
import { limitBucket, parseRow, parseRows, rowCount, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

const RequestRow = z.object({
  id: z.number().int(),
  session_id: z.number().int().nullable(),
  visitor_id: z.number().int().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  message: z.string().nullable(),
  created_at: z.date(),
  handled_at: z.date().nullable(),
  handled_by: z.number().int().nullable(),
});
const COLUMNS = sql.fragment`id, session_id, visitor_id, email, name, message, created_at, handled_at, handled_by`;

const toRequest = (row: z.infer<typeof RequestRow>): ContactRequest => ({
  id: row.id,
  sessionId: row.session_id,
  visitorId: row.visitor_id,
  email: row.email,
  name: row.name,
  message: row.message,
  createdAt: row.created_at,
  handledAt: row.handled_at,
  handledBy: row.handled_by,
});

export const createContactRequestsRepository = (target: QueryTarget): ContactRequests => {
  const { connection } = target;
  return {
    create: (request, now) =>
      storageValue(target, async () =>
        toRequest(
          parseRow(
            RequestRow,
            await connection.one(sql.type(RequestRow)`
              INSERT INTO contact_requests (session_id, visitor_id, email, name, message, created_at)
              VALUES (${request.sessionId}, ${request.visitorId}, ${request.email}, ${request.name}, ${request.message},
                      ${timestamptz(now)})
              RETURNING ${COLUMNS}`),
          ),
        ),
      ),

    listOpen: (limit, offset) =>
      storageValue(target, async () =>
        parseRows(
          RequestRow,
          await connection.any(sql.type(RequestRow)`
            SELECT ${COLUMNS} FROM contact_requests WHERE handled_at IS NULL
            ORDER BY created_at, id LIMIT ${rowCount(limitBucket(limit + offset))}`),
        )
          .slice(offset, offset + limit)
          .map(toRequest),
      ),

    markHandled: (id, operatorId, now) =>
      storageTask(target, async () => {
        const row = await connection.maybeOne(sql.type(RequestRow)`
          UPDATE contact_requests SET handled_at = coalesce(handled_at, ${timestamptz(now)}),
                 handled_by = coalesce(handled_by, ${operatorId})
          WHERE id = ${id} RETURNING ${COLUMNS}`);
        return row === null ? E.left(contactRequestNotFound(id)) : E.right(toRequest(parseRow(RequestRow, row)));
      }),
  };
};
