import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { struct } from '../domain/codecs.js';
import type { StorageUnavailable, ValidationError, VisitorNotFound } from '../domain/errors.js';
import type { ErasedVisitor, Visitors } from '../ports/visitors.js';
import { decodeInput } from './decode-input.js';
import { findReferencedVisitor, visitorReferenceProps } from './visitor-reference.js';

export const EraseVisitorInput = struct('EraseVisitorInput', {}, visitorReferenceProps);
export type EraseVisitorInput = t.TypeOf<typeof EraseVisitorInput>;

export interface ErasedVisitorData extends ErasedVisitor {
  readonly visitorId: number;
}

export type EraseVisitorError = ValidationError | VisitorNotFound | StorageUnavailable;

/**
 * The right to erasure: deletes the visitor, every session it started (also those
 * reassigned to its user by ConvertVisitorToUser) and their messages, atomically. The
 * registered user the visitor became is a separate account and stays.
 */
export const makeEraseVisitor =
  (deps: { visitors: Visitors }) =>
  (input: unknown): TE.TaskEither<EraseVisitorError, ErasedVisitorData> =>
    pipe(
      decodeInput(EraseVisitorInput, input),
      TE.flatMap((ref) => findReferencedVisitor(deps.visitors, ref)),
      TE.flatMap((visitor) =>
        pipe(
          deps.visitors.erase(visitor.id),
          TE.map((erased) => ({ visitorId: visitor.id, ...erased })),
        ),
      ),
    );
