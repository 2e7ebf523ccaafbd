import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import { sessionEnded, sessionNotFound } from '../../src/domain/errors.js';
import type { Messages } from '../../src/ports/messages.js';
import { MESSAGE_COLUMNS, MessageRow, toMessage } from './row-schemas.js';
import { parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

/** What the guarded insert saw: the session (if any), and the new message (if stored). */
const AddOutcomeRow = z.object({
  locked_session_id: z.number().int().nullable(),
  locked_session_active: z.boolean().nullable(),
  id: z.number().int().nullable(),
});

export const createMessagesRepository = (target: QueryTarget): Messages => {
  const { connection } = target;
  return {
    /*
     * One statement: lock the session row (FOR NO KEY UPDATE, the same lock `end` takes),
     * insert only if it is still active, and bump its updated_at. An `end` that commits
     * first makes the lock re-read the row as ended (no insert); an `end` that comes
     * second waits for this insert to commit. A repeated client_message_id inserts
     * nothing (ON CONFLICT DO NOTHING); the first message is then read by a second
     * statement, which also sees one committed by a concurrent retry.
     * A knowledge_id that does not exist (any more) is stored as null, as ON DELETE SET NULL would.
     */
    add: (message, now) =>
      storageTask(target, async () => {
        const row = await connection.one(sql.type(AddOutcomeRow)`
          WITH target_session AS (
            SELECT id, is_active FROM sessions WHERE id = ${message.sessionId} FOR NO KEY UPDATE
          ), inserted AS (
            INSERT INTO messages (session_id, role, content, "timestamp", tokens_used, source, knowledge_id, client_message_id)
            SELECT target_session.id, ${message.role}, ${message.content}, ${timestamptz(now)}, ${message.tokensUsed}::int,
                   ${message.source}, (SELECT id FROM knowledge_base WHERE id = ${message.knowledgeId}::int),
                   ${message.clientMessageId}
            FROM target_session WHERE target_session.is_active
            ON CONFLICT (session_id, client_message_id) DO NOTHING
            RETURNING ${MESSAGE_COLUMNS}
          ), touched AS (
            UPDATE sessions SET updated_at = ${timestamptz(now)}
            FROM inserted WHERE sessions.id = inserted.session_id
          )
          SELECT target_session.id AS locked_session_id, target_session.is_active AS locked_session_active, inserted.*
          FROM (VALUES (1)) AS always (one)
          LEFT JOIN target_session ON true
          LEFT JOIN inserted ON true`);
        const outcome = parseRow(AddOutcomeRow, row);
        if (outcome.locked_session_id === null) return E.left(sessionNotFound(message.sessionId));
        if (outcome.id !== null) return E.right({ message: toMessage(parseRow(MessageRow, row)), created: true });
        const existing =
          message.clientMessageId === null
            ? null
            : await connection.maybeOne(sql.type(MessageRow)`
                SELECT ${MESSAGE_COLUMNS} FROM messages
                WHERE session_id = ${message.sessionId} AND client_message_id = ${message.clientMessageId}`);
        // a retried send returns what the first one stored, even if the chat has ended since
        // (a client whose first attempt committed but whose reply was lost must not see an error)
        if (existing !== null) return E.right({ message: toMessage(parseRow(MessageRow, existing)), created: false });
        return E.left(sessionEnded(message.sessionId));
      }),

    listBySession: (sessionId) =>
      storageValue(target, async () =>
        parseRows(
          MessageRow,
          await connection.any(sql.type(MessageRow)`
          SELECT ${MESSAGE_COLUMNS} FROM messages
          WHERE session_id = ${sessionId}
          ORDER BY "timestamp", id`),
        ).map(toMessage),
      ),
  };
};
