import * as E from 'fp-ts/lib/Either.js';
import { sql, type FragmentSqlToken } from 'slonik';
import { z } from 'zod';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import {
  conversationTaken,
  notYourConversation,
  sessionEnded,
  sessionNotFound,
  type ConversationTaken,
  type NotYourConversation,
  type SessionEnded,
  type SessionNotFound,
} from '../../src/domain/errors.js';
import type { Conversations, HandlingChange } from '../../src/ports/conversations.js';
import type { SessionRef } from '../../src/ports/messages.js';
import {
  BusinessHoursColumn,
  MessageJson,
  SessionJson,
  toChatSession,
  toMessage,
  toVisitor,
  VisitorJson,
} from './row-schemas.js';
import { limitBucket, parseRow, rowCount, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

/** What a step saw and did: the row before (locked), the row after when it changed, and the state message. */
const StepRow = z.object({
  before: SessionJson.nullable(),
  after: SessionJson.nullable(),
  noted: MessageJson.nullable(),
});

const OperatorMessageRow = z.object({
  before: SessionJson.nullable(),
  inserted: MessageJson.nullable(),
});

const AvailabilityRow = z.object({ operators_online: z.number().int(), business_hours: BusinessHoursColumn });

const StoredMessageRow = z.object({ message: MessageJson });

const QueueRow = z.object({
  session: SessionJson,
  visitor: VisitorJson.nullable(),
  last_message: MessageJson.nullable(),
  visitor_messages: z.number().int(),
});

interface Step {
  /** Which sessions row: `id = …` or `session_uuid = …`. */
  readonly where: FragmentSqlToken;
  /** When the step applies, over the locked row `target`. */
  readonly allowed: FragmentSqlToken;
  /** The assignments of the change. */
  readonly set: FragmentSqlToken;
  /** The state message's content: the new handling. */
  readonly state: 'waiting' | 'operator' | 'bot';
  readonly operatorId: number | null;
  readonly now: Date;
}

export const createConversationsRepository = (target: QueryTarget): Conversations => {
  const { connection } = target;

  /*
   * One statement: lock the session row (the lock every message insert takes, so the step
   * is ordered with the session's messages), change it when `allowed` holds, and store the
   * state message in the same step. Two operators taking one chat: the second waits for the
   * first's lock, then sees the changed row, where `allowed` no longer holds.
   */
  const step = async (s: Step) => {
    const row = await connection.one(sql.type(StepRow)`
      WITH target AS (
        SELECT * FROM sessions WHERE ${s.where} FOR NO KEY UPDATE
      ), changed AS (
        UPDATE sessions SET ${s.set}, updated_at = ${timestamptz(s.now)}
        FROM target WHERE sessions.id = target.id AND target.is_active AND ${s.allowed}
        RETURNING sessions.*
      ), noted AS (
        INSERT INTO messages (session_id, role, content, "timestamp", source, operator_id)
        SELECT id, 'system', ${s.state}, ${timestamptz(s.now)}, 'state', ${s.operatorId}::int FROM changed
        RETURNING *
      )
      SELECT (SELECT to_jsonb(target) FROM target) AS before,
             (SELECT to_jsonb(changed) FROM changed) AS after,
             (SELECT to_jsonb(noted) FROM noted) AS noted`);
    return parseRow(StepRow, row);
  };

  /** The outcome of a step: Left for a missing or ended chat, else the change (or none). */
  const outcome = <L>(
    key: number | string,
    seen: z.infer<typeof StepRow>,
    refused: (before: ChatSession) => L | null,
  ): E.Either<L | SessionNotFound | SessionEnded, HandlingChange> => {
    if (seen.before === null) return E.left(sessionNotFound(key));
    const before = toChatSession(seen.before);
    if (seen.after !== null) {
      return E.right({
        session: toChatSession(seen.after),
        changed: true,
        stateMessage: seen.noted ? toMessage(seen.noted) : null,
      });
    }
    if (!before.isActive) return E.left(sessionEnded(before.id));
    const refusal = refused(before);
    return refusal === null ? E.right({ session: before, changed: false, stateMessage: null }) : E.left(refusal);
  };

  const whereRef = (ref: SessionRef) =>
    ref.sessionId !== undefined ? sql.fragment`id = ${ref.sessionId}` : sql.fragment`session_uuid = ${ref.sessionUuid}`;

  return {
    requestPerson: (ref, now) =>
      storageTask(target, async () =>
        outcome<never>(
          ref.sessionId ?? ref.sessionUuid,
          await step({
            where: whereRef(ref),
            allowed: sql.fragment`target.handling = 'bot'`,
            set: sql.fragment`handling = 'waiting', waiting_since = ${timestamptz(now)},
              handoff_at = coalesce(sessions.handoff_at, ${timestamptz(now)})`,
            state: 'waiting',
            operatorId: null,
            now,
          }),
          () => null,
        ),
      ),

    take: (sessionId, operatorId, now) =>
      storageTask(target, async () =>
        outcome<ConversationTaken>(
          sessionId,
          await step({
            where: sql.fragment`id = ${sessionId}`,
            allowed: sql.fragment`target.handling IN ('bot', 'waiting')`,
            set: sql.fragment`handling = 'operator', operator_id = ${operatorId}, waiting_since = NULL,
              handoff_at = coalesce(sessions.handoff_at, ${timestamptz(now)}),
              assigned_at = coalesce(sessions.assigned_at, ${timestamptz(now)})`,
            state: 'operator',
            operatorId,
            now,
          }),
          (before) =>
            before.operatorId === operatorId ? null : conversationTaken(before.sessionUuid, before.operatorId ?? 0),
        ),
      ),

    handBack: (sessionId, operatorId, now) =>
      storageTask(target, async () =>
        outcome<NotYourConversation>(
          sessionId,
          await step({
            where: sql.fragment`id = ${sessionId}`,
            allowed: sql.fragment`target.handling = 'operator' AND target.operator_id = ${operatorId}`,
            set: sql.fragment`handling = 'bot', operator_id = NULL, waiting_since = NULL`,
            state: 'bot',
            operatorId,
            now,
          }),
          (before) => notYourConversation(before.sessionUuid),
        ),
      ),

    addOperatorMessage: (sessionId, operatorId, message, now) =>
      storageTask(target, async () => {
        const repeated =
          message.clientMessageId === null
            ? sql.fragment``
            : sql.fragment`ON CONFLICT (session_id, client_message_id) DO NOTHING`;
        const row = parseRow(
          OperatorMessageRow,
          await connection.one(sql.type(OperatorMessageRow)`
            WITH target AS (
              SELECT * FROM sessions WHERE id = ${sessionId} FOR NO KEY UPDATE
            ), inserted AS (
              INSERT INTO messages (session_id, role, content, "timestamp", source, operator_id, client_message_id)
              SELECT id, 'assistant', ${message.content}, ${timestamptz(now)}, 'operator', ${operatorId}::int,
                     ${message.clientMessageId}
              FROM target WHERE is_active AND handling = 'operator' AND operator_id = ${operatorId}
              ${repeated}
              RETURNING *
            ), touched AS (
              UPDATE sessions SET updated_at = ${timestamptz(now)},
                     first_response_at = coalesce(sessions.first_response_at, ${timestamptz(now)})
              FROM inserted WHERE sessions.id = inserted.session_id
            )
            SELECT (SELECT to_jsonb(target) FROM target) AS before,
                   (SELECT to_jsonb(inserted) FROM inserted) AS inserted`),
        );
        if (row.before === null) return E.left(sessionNotFound(sessionId));
        if (row.inserted !== null) return E.right({ message: toMessage(row.inserted), created: true });
        const before = toChatSession(row.before);
        if (message.clientMessageId !== null) {
          const existing = await connection.maybeOne(sql.type(StoredMessageRow)`
            SELECT to_jsonb(messages) AS message FROM messages
            WHERE session_id = ${sessionId} AND client_message_id = ${message.clientMessageId}`);
          if (existing !== null)
            return E.right({ message: toMessage(parseRow(StoredMessageRow, existing).message), created: false });
        }
        if (!before.isActive) return E.left(sessionEnded(before.id));
        return E.left(notYourConversation(before.sessionUuid));
      }),

    availability: (widgetProfile, since) =>
      storageValue(target, async () => {
        const row = parseRow(
          AvailabilityRow,
          await connection.one(sql.type(AvailabilityRow)`
            SELECT (SELECT count(*)::int FROM operator_presence p JOIN operators o ON o.id = p.operator_id
                    WHERE o.is_active AND p.last_seen_at >= ${timestamptz(since)}) AS operators_online,
                   (SELECT business_hours FROM chat_widget WHERE name = ${widgetProfile}) AS business_hours`),
        );
        return { operatorsOnline: row.operators_online, businessHours: row.business_hours };
      }),

    queue: (limit) =>
      storageValue(target, async () => {
        const rows = await connection.any(sql.type(QueueRow)`
          SELECT to_jsonb(s) AS session, to_jsonb(v) AS visitor, to_jsonb(last) AS last_message,
                 (SELECT count(*)::int FROM messages m WHERE m.session_id = s.id AND m.role = 'user') AS visitor_messages
          FROM sessions s
          LEFT JOIN visitors v ON v.id = s.visitor_id
          LEFT JOIN LATERAL (
            SELECT * FROM messages m WHERE m.session_id = s.id AND m.source IS DISTINCT FROM 'state'
            ORDER BY m.id DESC LIMIT 1
          ) last ON true
          WHERE s.is_active AND s.handling <> 'bot'
          ORDER BY s.waiting_since NULLS LAST, s.id
          LIMIT ${rowCount(limitBucket(limit))}`);
        return rows.slice(0, limit).map((raw) => {
          const r = parseRow(QueueRow, raw);
          return {
            session: toChatSession(r.session),
            visitor: r.visitor ? toVisitor(r.visitor) : null,
            lastMessage: r.last_message ? toMessage(r.last_message) : null,
            visitorMessages: r.visitor_messages,
          };
        });
      }),
  };
};
