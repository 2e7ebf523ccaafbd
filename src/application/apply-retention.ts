import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { struct } from '../domain/codecs.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Clock } from '../ports/clock.js';
import type { Visitors } from '../ports/visitors.js';
import { decodeInput } from './decode-input.js';

const OlderThanDays = new t.Type<number, number, unknown>(
  'OlderThanDays',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 36_500,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 36_500
      ? t.success(u)
      : t.failure(u, c, 'must be a whole number of days from 0 to 36500'),
  (a) => a,
);

export const RetentionMode = t.keyof({ delete: null, anonymize: null }, 'RetentionMode');

export const ApplyRetentionInput = struct(
  'ApplyRetentionInput',
  { olderThanDays: OlderThanDays, mode: RetentionMode },
  {},
);
export type ApplyRetentionInput = t.TypeOf<typeof ApplyRetentionInput>;

/** What one run changed; a second run with the same age (and no time passing) reports zeros. */
export interface RetentionReport {
  readonly mode: 'delete' | 'anonymize';
  readonly cutoff: Date;
  readonly deletedSessions: number;
  readonly deletedMessages: number;
  readonly anonymizedVisitors: number;
}

const DAY_MS = 86_400_000;

/**
 * The retention job. `delete`: ended sessions whose end is older than the age go, with
 * their messages. `anonymize`: visitors not seen for longer lose their IP address and
 * user agent. Active chats are never touched (an active session is not deleted, and its
 * visitor keeps its details until the chat ends).
 */
export const makeApplyRetention =
  (deps: { visitors: Visitors; sessions: ChatSessions; clock: Clock }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, RetentionReport> =>
    pipe(
      decodeInput(ApplyRetentionInput, input),
      TE.flatMap(({ olderThanDays, mode }): TE.TaskEither<StorageUnavailable, RetentionReport> => {
        const cutoff = new Date(deps.clock.now().getTime() - olderThanDays * DAY_MS);
        return mode === 'delete'
          ? pipe(
              deps.sessions.deleteEndedBefore(cutoff),
              TE.map((d) => ({
                mode,
                cutoff,
                deletedSessions: d.sessions,
                deletedMessages: d.messages,
                anonymizedVisitors: 0,
              })),
            )
          : pipe(
              deps.visitors.anonymizeNotVisitedSince(cutoff),
              TE.map((n) => ({ mode, cutoff, deletedSessions: 0, deletedMessages: 0, anonymizedVisitors: n })),
            );
      }),
    );
