import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { nullable, Rating, struct } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import { sessionStats, type SessionStats } from '../domain/session-stats.js';
import type { Clock } from '../ports/clock.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Messages } from '../ports/messages.js';
import { decodeInput } from './decode-input.js';
import { endReferencedSession, type EndSessionError } from './end-session.js';
import { sessionReferenceProps } from './session-reference.js';

export const EndChatInput = struct('EndChatInput', {}, { ...sessionReferenceProps, rating: nullable(Rating) });
export type EndChatInput = t.TypeOf<typeof EndChatInput>;

/** The specification's `end_chat` result (total_messages, user_messages, rating) with the full statistics. */
export interface EndedChat extends SessionStats {
  readonly session: ChatSession;
  readonly userMessages: number;
  readonly rating: number | null;
}

/** Ends the chat with an optional 1..5 rating and returns its statistics. */
export const makeEndChat =
  (deps: { sessions: ChatSessions; messages: Messages; clock: Clock }) =>
  (input: unknown): TE.TaskEither<EndSessionError, EndedChat> =>
    pipe(
      decodeInput(EndChatInput, input),
      TE.flatMap((i) => endReferencedSession(deps, i, i.rating ?? null)),
      TE.flatMap((session) =>
        pipe(
          deps.messages.listBySession(session.id),
          TE.map((messages) => {
            const stats = sessionStats(messages);
            return { ...stats, session, userMessages: stats.userMessagesCount, rating: session.satisfactionRating };
          }),
        ),
      ),
    );
