import * as E from 'fp-ts/lib/Either.js';
import { sql, type FragmentSqlToken } from 'slonik';
import { z } from 'zod';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { Message } from '../../src/domain/entities/message.js';
import { sessionEnded, sessionNotFound, type SessionEnded, type SessionNotFound } from '../../src/domain/errors.js';
import type { AddedToSession, Messages, NewMessage } from '../../src/ports/messages.js';
import { MESSAGE_COLUMNS, MessageRow, SessionRow, toChatSession, toMessage } from './row-schemas.js';
import { limitBucket, parseRow, parseRows, rowCount, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';
import { countUnansweredQuestion } from './unanswered-questions-repository.js';

/*
 * The statement returns the locked session and the message in one row, and both have an
 * `id`, so the session's columns come back prefixed (with a prefix that makes none of
 * them collide with a message column, as `session_` + `id` would).
 */
const SESSION_COLUMN_NAMES = SessionRow.keyof().options;
const SESSION_PREFIX = 'chat_session_';
const PREFIXED_SESSION_COLUMNS = sql.join(
  SESSION_COLUMN_NAMES.map(
    (name) => sql.fragment`target_session.${sql.identifier([name])} AS ${sql.identifier([SESSION_PREFIX + name])}`,
  ),
  sql.fragment`, `,
);

/** What the guarded insert saw: the session (if any), and the message stored or found (if any). */
const StoreOutcomeRow = z.object({
  chat_session_id: z.number().int().nullable(),
  created: z.boolean().nullable(),
  id: z.number().int().nullable(),
});

const sessionOf = (row: unknown): ChatSession => {
  const fields = z.record(z.unknown()).parse(row);
  return toChatSession(
    parseRow(SessionRow, Object.fromEntries(SESSION_COLUMN_NAMES.map((name) => [name, fields[SESSION_PREFIX + name]]))),
  );
};

type MessageToStore = Omit<NewMessage, 'sessionId'>;

export const createMessagesRepository = (target: QueryTarget): Messages => {
  const { connection } = target;

  /*
   * One statement: lock the session row (FOR NO KEY UPDATE, the same lock `end` takes),
   * insert only if it is still active, bump its updated_at and, when asked, count the FAQ
   * entry's view. An `end` that commits first makes the lock re-read the row as ended (no
   * insert); an `end` that comes second waits for this insert to commit. A repeated
   * client_message_id inserts nothing (ON CONFLICT DO NOTHING) and the message already in
   * the statement's snapshot is returned from the same statement; only one committed by a
   * concurrent retry after the snapshot was taken needs a second read.
   * A knowledge_id that does not exist (any more) is stored as null, as ON DELETE SET NULL
   * would, and then counts no view: the reply must not fail because its entry was deleted.
   * The view is counted in knowledge_counters, never in the entry's own row (which holds
   * the vector: docs/adr/0011-counters-beside-the-entries.md).
   * An unanswered question is counted from `inserted` too, so only a stored message counts it.
   */
  const store = (
    session: FragmentSqlToken,
    key: number | string,
    message: MessageToStore,
    now: Date,
  ): (() => Promise<E.Either<SessionNotFound | SessionEnded, AddedToSession>>) => {
    /*
     * The parts that depend on the message are left out of the text when they cannot
     * apply, instead of being switched off by a parameter: a named statement then gets a
     * generic plan that PostgreSQL reuses; with `AND $n::boolean` or `= NULL` in it, a
     * custom plan (which folds those away) looked cheaper and the statement was planned
     * again on every call (0.65 ms of a 1.2 ms statement; docs/adr/0009).
     */
    // left out of the text (NULL) unless there are ids, like the other optional parts
    const groundingIds =
      message.groundingIds && message.groundingIds.length > 0
        ? sql.fragment`${sql.array([...message.groundingIds], 'int4')}`
        : sql.fragment`NULL::int[]`;
    const knowledgeId =
      message.knowledgeId === null
        ? sql.fragment`NULL::int`
        : sql.fragment`(SELECT id FROM knowledge_base WHERE id = ${message.knowledgeId}::int)`;
    const viewed =
      message.countView === true && message.knowledgeId !== null
        ? sql.fragment`, viewed AS (
            INSERT INTO knowledge_counters (id, views_count)
            SELECT knowledge_id, 1 FROM inserted WHERE knowledge_id IS NOT NULL
            ON CONFLICT (id) DO UPDATE SET views_count = knowledge_counters.views_count + 1
          )`
        : sql.fragment``;
    const counted =
      message.unansweredQuestion === undefined
        ? sql.fragment``
        : sql.fragment`, counted AS (${countUnansweredQuestion(message.unansweredQuestion, now, sql.fragment`FROM inserted`)})`;
    const alreadyStored =
      message.clientMessageId === null
        ? sql.fragment``
        : sql.fragment`UNION ALL
            SELECT false AS created, ${MESSAGE_COLUMNS} FROM messages
            WHERE session_id = (SELECT id FROM target_session) AND client_message_id = ${message.clientMessageId}`;
    return async () => {
      const row = await connection.one(sql.type(StoreOutcomeRow)`
        WITH target_session AS (
          SELECT * FROM sessions WHERE ${session} FOR NO KEY UPDATE
        ), inserted AS (
          INSERT INTO messages (session_id, role, content, "timestamp", tokens_used, source, knowledge_id, client_message_id, grounding_ids)
          SELECT target_session.id, ${message.role}, ${message.content}, ${timestamptz(now)}, ${message.tokensUsed}::int,
                 ${message.source}, ${knowledgeId}, ${message.clientMessageId}, ${groundingIds}
          FROM target_session WHERE target_session.is_active
          ON CONFLICT (session_id, client_message_id) DO NOTHING
          RETURNING ${MESSAGE_COLUMNS}
        ), touched AS (
          UPDATE sessions SET updated_at = ${timestamptz(now)}
          FROM inserted WHERE sessions.id = inserted.session_id
        )${viewed}${counted}, outcome AS (
          SELECT true AS created, * FROM inserted
          ${alreadyStored}
        )
        SELECT ${PREFIXED_SESSION_COLUMNS}, outcome.*
        FROM (VALUES (1)) AS always (one)
        LEFT JOIN target_session ON true
        LEFT JOIN outcome ON true`);
      const outcome = parseRow(StoreOutcomeRow, row);
      if (outcome.chat_session_id === null) return E.left(sessionNotFound(key));
      const stored = sessionOf(row);
      const result = (found: Message, created: boolean): E.Either<never, AddedToSession> =>
        E.right({ message: found, created, session: created ? { ...stored, updatedAt: now } : stored });
      if (outcome.id !== null) return result(toMessage(parseRow(MessageRow, row)), outcome.created === true);
      const existing =
        message.clientMessageId === null
          ? null
          : await connection.maybeOne(sql.type(MessageRow)`
              SELECT ${MESSAGE_COLUMNS} FROM messages
              WHERE session_id = ${stored.id} AND client_message_id = ${message.clientMessageId}`);
      // a retried send returns what the first one stored, even if the chat has ended since
      // (a client whose first attempt committed but whose reply was lost must not see an error)
      if (existing !== null) return result(toMessage(parseRow(MessageRow, existing)), false);
      return E.left(sessionEnded(stored.id));
    };
  };

  return {
    add: ({ sessionId, ...message }, now) =>
      storageTask(target, async () => {
        const stored = await store(sql.fragment`id = ${sessionId}`, sessionId, message, now)();
        return E.map(({ message: m, created }: AddedToSession) => ({ message: m, created }))(stored);
      }),

    addToSession: (ref, message, now) =>
      storageTask(
        target,
        ref.sessionId !== undefined
          ? store(sql.fragment`id = ${ref.sessionId}`, ref.sessionId, message, now)
          : store(sql.fragment`session_uuid = ${ref.sessionUuid}`, ref.sessionUuid, message, now),
      ),

    listAfter: (sessionId, afterId, limit) =>
      storageValue(target, async () =>
        parseRows(
          MessageRow,
          await connection.any(sql.type(MessageRow)`
          SELECT ${MESSAGE_COLUMNS} FROM messages
          WHERE session_id = ${sessionId} AND id > ${afterId}
          ORDER BY id LIMIT ${rowCount(limitBucket(limit))}`),
        )
          .slice(0, limit)
          .map(toMessage),
      ),

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
