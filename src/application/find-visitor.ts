import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { Id, struct, Uuid } from '../domain/codecs.js';
import type { Visitor } from '../domain/entities/visitor.js';
import { validationError, type StorageUnavailable, type ValidationError } from '../domain/errors.js';
import type { Visitors } from '../ports/visitors.js';
import { decodeInput } from './decode-input.js';

export const FindVisitorInput = struct('FindVisitorInput', {}, { id: Id, visitorId: Uuid });

/** A visitor by numeric id or by UUID, without touching `last_visit`; null when there is none. */
export const makeFindVisitor =
  (deps: { visitors: Visitors }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, Visitor | null> =>
    pipe(
      decodeInput(FindVisitorInput, input),
      TE.flatMap((i): TE.TaskEither<ValidationError | StorageUnavailable, Visitor | null> =>
        i.id !== undefined
          ? deps.visitors.findById(i.id)
          : i.visitorId !== undefined
            ? deps.visitors.findByUuid(i.visitorId.toLowerCase())
            : TE.left(validationError([{ path: 'visitorId', message: 'visitorId or id is required' }])),
      ),
    );
