import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { Id, Uuid } from '../domain/codecs.js';
import type { Visitor } from '../domain/entities/visitor.js';
import {
  validationError,
  visitorNotFound,
  type StorageUnavailable,
  type ValidationError,
  type VisitorNotFound,
} from '../domain/errors.js';
import type { Visitors } from '../ports/visitors.js';

/** Input fields that name a visitor: its numeric id or its public UUID (one is required). */
export const visitorReferenceProps = { visitorId: Id, visitorUuid: Uuid };

export interface VisitorReference {
  readonly visitorId?: number;
  readonly visitorUuid?: string;
}

/** Loads the referenced visitor; `VisitorNotFound` when there is none. */
export const findReferencedVisitor = (
  visitors: Visitors,
  ref: VisitorReference,
): TE.TaskEither<ValidationError | VisitorNotFound | StorageUnavailable, Visitor> => {
  if (ref.visitorId === undefined && ref.visitorUuid === undefined) {
    return TE.left(validationError([{ path: 'visitorId', message: 'visitorId or visitorUuid is required' }]));
  }
  // UUIDs are stored lower-case (CreateOrGetVisitor), so a cookie in any case finds its visitor
  const key = ref.visitorId ?? (ref.visitorUuid as string).toLowerCase();
  return pipe(
    typeof key === 'number' ? visitors.findById(key) : visitors.findByUuid(key),
    TE.flatMap((visitor) => (visitor ? TE.right(visitor) : TE.left(visitorNotFound(key)))),
  );
};
