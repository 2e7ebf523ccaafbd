import * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';
import type { ValidationError } from '../domain/errors.js';
import { decode } from '../domain/validation.js';

/** Decodes a use-case input once, at the boundary; a failure names the field path. */
export const decodeInput = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): TE.TaskEither<ValidationError, A> =>
  TE.fromEither(decode(codec, input));
