import * as A from 'fp-ts/lib/Array.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { struct } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { Message } from '../domain/entities/message.js';
import type { Visitor } from '../domain/entities/visitor.js';
import type { StorageUnavailable, ValidationError, VisitorNotFound } from '../domain/errors.js';
import type { UnitOfWork } from '../ports/repositories.js';
import { decodeInput } from './decode-input.js';
import { findReferencedVisitor, visitorReferenceProps } from './visitor-reference.js';

export const ExportVisitorDataInput = struct('ExportVisitorDataInput', {}, visitorReferenceProps);
export type ExportVisitorDataInput = t.TypeOf<typeof ExportVisitorDataInput>;

export interface ExportedSession {
  readonly session: ChatSession;
  readonly messages: ReadonlyArray<Message>;
}

/** Everything stored about one visitor: its row, its sessions (oldest first) and their messages. */
export interface VisitorDataExport {
  readonly visitor: Visitor;
  readonly sessions: ReadonlyArray<ExportedSession>;
}

export type ExportVisitorDataError = ValidationError | VisitorNotFound | StorageUnavailable;

/**
 * The right of access: the visitor's data as stored. Read in one transaction so the
 * export is a consistent picture even while the visitor keeps chatting.
 */
export const makeExportVisitorData =
  (deps: { unitOfWork: UnitOfWork }) =>
  (input: unknown): TE.TaskEither<ExportVisitorDataError, VisitorDataExport> =>
    pipe(
      decodeInput(ExportVisitorDataInput, input),
      TE.flatMap((ref) =>
        deps.unitOfWork.transaction((repos) =>
          pipe(
            findReferencedVisitor(repos.visitors, ref),
            TE.bindTo('visitor'),
            TE.bindW('sessions', ({ visitor }) => repos.sessions.listByVisitor(visitor.id)),
            TE.bindW('messages', ({ sessions }) =>
              pipe(
                [...sessions],
                A.traverse(TE.ApplicativeSeq)((session) => repos.messages.listBySession(session.id)),
              ),
            ),
            TE.map(({ visitor, sessions, messages }) => ({
              visitor,
              sessions: sessions.map((session, i) => ({ session, messages: messages[i] ?? [] })),
            })),
          ),
        ),
      ),
    );
