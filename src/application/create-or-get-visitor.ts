import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { nullable, struct, text, Uuid } from '../domain/codecs.js';
import type { Visitor } from '../domain/entities/visitor.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Visitors } from '../ports/visitors.js';
import { decodeInput } from './decode-input.js';

export const CreateOrGetVisitorInput = struct(
  'CreateOrGetVisitorInput',
  {},
  {
    /** The visitor's UUID from their cookie; absent for a first visit. */
    visitorId: nullable(Uuid),
    ipAddress: nullable(text(50)),
    userAgent: nullable(text(500, { allowEmpty: true })),
    deviceType: nullable(text(50)),
    browser: nullable(text(100)),
  },
);
export type CreateOrGetVisitorInput = t.TypeOf<typeof CreateOrGetVisitorInput>;

/**
 * The specification's `create_or_get_visitor`: returns the visitor with this UUID after
 * updating its last visit, or creates one (with a fresh UUID when none is given).
 * A single upsert, so concurrent first requests with one cookie make one visitor.
 */
export const makeCreateOrGetVisitor =
  (deps: { visitors: Visitors; clock: Clock; ids: IdGenerator }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, Visitor> =>
    pipe(
      decodeInput(CreateOrGetVisitorInput, input),
      TE.flatMap((i) =>
        deps.visitors.upsert(
          {
            visitorId: (i.visitorId ?? deps.ids.uuid()).toLowerCase(),
            ipAddress: i.ipAddress ?? null,
            userAgent: i.userAgent ?? null,
            deviceType: i.deviceType ?? null,
            browser: i.browser ?? null,
          },
          deps.clock.now(),
        ),
      ),
    );
