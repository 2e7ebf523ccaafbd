import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { Id, LongText, NonNegativeInt, nullable, Role, struct, text } from '../domain/codecs.js';
import type { Message } from '../domain/entities/message.js';
import type { SessionEnded, SessionNotFound, StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Messages } from '../ports/messages.js';
import { decodeInput } from './decode-input.js';

export const ClientMessageId = text(100);

export const AddMessageInput = struct(
  'AddMessageInput',
  { sessionId: Id, role: Role, content: LongText },
  { tokensUsed: nullable(NonNegativeInt), clientMessageId: nullable(ClientMessageId) },
);
export type AddMessageInput = t.TypeOf<typeof AddMessageInput>;

export type AddMessageError = ValidationError | SessionNotFound | SessionEnded | StorageUnavailable;

/** The specification's `add_message` (user, assistant or system; optional tokens used). */
export const makeAddMessage =
  (deps: { messages: Messages; clock: Clock }) =>
  (input: unknown): TE.TaskEither<AddMessageError, Message> =>
    pipe(
      decodeInput(AddMessageInput, input),
      TE.flatMap((i) =>
        deps.messages.add(
          {
            sessionId: i.sessionId,
            role: i.role,
            content: i.content,
            tokensUsed: i.tokensUsed ?? null,
            source: null,
            knowledgeId: null,
            clientMessageId: i.clientMessageId ?? null,
          },
          deps.clock.now(),
        ),
      ),
      TE.map((added) => added.message),
    );
