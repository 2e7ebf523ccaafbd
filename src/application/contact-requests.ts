import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { Email, Id, Limit, NonNegativeInt, nullable, struct, text } from '../domain/codecs.js';
import type { ContactRequestNotFound, SessionNotFound, StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { ContactRequest, ContactRequests } from '../ports/contact-requests.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import { decodeInput } from './decode-input.js';
import { findReferencedSession, sessionReferenceProps } from './session-reference.js';

export const LeaveContactRequestInput = struct(
  'LeaveContactRequestInput',
  { email: Email },
  { ...sessionReferenceProps, name: nullable(text(100)), message: nullable(text(5_000)) },
);
export const ListContactRequestsInput = struct(
  'ListContactRequestsInput',
  {},
  { limit: Limit, offset: NonNegativeInt },
);
export const ContactRequestHandledInput = struct('ContactRequestHandledInput', { requestId: Id, operatorId: Id }, {});

interface Deps {
  readonly sessions: ChatSessions;
  readonly contactRequests: ContactRequests;
  readonly clock: Clock;
}

/**
 * A visitor leaves an e-mail to be answered later (no one was online, or it was outside
 * the profile's hours), attached to their chat; it is listed in the inbox until handled.
 */
export const makeLeaveContactRequest =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | SessionNotFound | StorageUnavailable, ContactRequest> =>
    pipe(
      decodeInput(LeaveContactRequestInput, input),
      TE.flatMap((i) =>
        pipe(
          findReferencedSession(deps.sessions, i),
          TE.flatMap((session) =>
            deps.contactRequests.create(
              {
                sessionId: session.id,
                visitorId: session.visitorId,
                email: i.email,
                name: i.name ?? null,
                message: i.message ?? null,
              },
              deps.clock.now(),
            ),
          ),
        ),
      ),
    );

/** Contact requests not handled yet, oldest first (`limit` default 50, `offset`). */
export const makeListContactRequests =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<ContactRequest>> =>
    pipe(
      decodeInput(ListContactRequestsInput, input ?? {}),
      TE.flatMap((i) => deps.contactRequests.listOpen(i.limit ?? 50, i.offset ?? 0)),
    );

/** An operator marks a contact request handled (the first one to do so is recorded). */
export const makeMarkContactRequestHandled =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | ContactRequestNotFound | StorageUnavailable, ContactRequest> =>
    pipe(
      decodeInput(ContactRequestHandledInput, input),
      TE.flatMap((i) => deps.contactRequests.markHandled(i.requestId, i.operatorId, deps.clock.now())),
    );
