import * as E from 'fp-ts/lib/Either.js';
import { contactRequestNotFound } from '../../src/domain/errors.js';
import type { ContactRequests } from '../../src/ports/contact-requests.js';
import type { Executor } from './executor.js';
import { sqlDate, toContactRequest } from './row-mappers.js';

export const createContactRequestsRepository = (executor: Executor): ContactRequests => ({
  create: (request, now) =>
    executor.write((db) => {
      const row = db.get(
        `INSERT INTO contact_requests (session_id, visitor_id, email, name, message, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        [request.sessionId, request.visitorId, request.email, request.name, request.message, sqlDate(now)],
      );
      if (!row) throw new Error('contact request insert returned no row');
      return E.right(toContactRequest(row));
    }),

  listOpen: (limit, offset) =>
    executor.read((db) =>
      E.right(
        db
          .all('SELECT * FROM contact_requests WHERE handled_at IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?', [
            limit,
            offset,
          ])
          .map(toContactRequest),
      ),
    ),

  markHandled: (id, operatorId, now) =>
    executor.write((db) => {
      const row = db.get(
        `UPDATE contact_requests SET handled_at = coalesce(handled_at, ?), handled_by = coalesce(handled_by, ?)
         WHERE id = ? RETURNING *`,
        [sqlDate(now), operatorId, id],
      );
      return row ? E.right(toContactRequest(row)) : E.left(contactRequestNotFound(id));
    }),
});
