import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { EXPORT_FORMATS, exportChat, type ExportFormat } from '../domain/chat-export.js';
import { struct } from '../domain/codecs.js';
import { sessionStats, type SessionStats } from '../domain/session-stats.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Messages } from '../ports/messages.js';
import { decodeInput } from './decode-input.js';
import { makeGetSessionMessages, SessionReferenceInput, type SessionReadError } from './get-session-messages.js';
import { findReferencedSession, sessionReferenceProps } from './session-reference.js';
import { handoffFigures, type HandoffFigures } from '../domain/conversation.js';

/** A chat's statistics with its hand-off figures. */
export interface SessionAnalytics extends SessionStats, HandoffFigures {}

/**
 * The specification's `get_session_analytics`: counts by role, tokens, duration, first and
 * last times; and how long the visitor waited for an operator and for their first reply.
 */
export const makeSessionAnalytics =
  (deps: { sessions: ChatSessions; messages: Messages }) =>
  (input: unknown): TE.TaskEither<SessionReadError, SessionAnalytics> =>
    pipe(
      decodeInput(SessionReferenceInput, input),
      TE.flatMap((ref) => findReferencedSession(deps.sessions, ref)),
      TE.flatMap((session) =>
        pipe(
          deps.messages.listBySession(session.id),
          TE.map((messages) => ({ ...sessionStats(messages), ...handoffFigures(session) })),
        ),
      ),
    );

const Format = t.keyof(
  Object.fromEntries(EXPORT_FORMATS.map((f) => [f, null])) as Record<ExportFormat, null>,
  'ExportFormat',
);
export const ExportChatHistoryInput = struct(
  'ExportChatHistoryInput',
  {},
  { ...sessionReferenceProps, format: Format },
);

/**
 * The specification's `export_chat_history` as `text`, `json` or `html` (default text).
 * The HTML escapes every stored string.
 */
export const makeExportChatHistory =
  (deps: { sessions: ChatSessions; messages: Messages }) =>
  (input: unknown): TE.TaskEither<SessionReadError, string> =>
    pipe(
      decodeInput(ExportChatHistoryInput, input),
      TE.flatMap((i) =>
        pipe(
          makeGetSessionMessages(deps)({ sessionId: i.sessionId, sessionUuid: i.sessionUuid }),
          TE.map((messages) => exportChat(messages, i.format ?? 'text')),
        ),
      ),
    );

export { SessionReferenceInput };
