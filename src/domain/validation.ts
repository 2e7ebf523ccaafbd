import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { validationError, type FieldIssue, type ValidationError } from './errors.js';

/** The codec under exact/readonly/refinement wrappers, which validate in their parent's context entry. */
const unwrap = (type: t.Decoder<unknown, unknown>): t.Decoder<unknown, unknown> => {
  let current: t.Decoder<unknown, unknown> = type;
  while (current instanceof t.ExactType || current instanceof t.ReadonlyType || current instanceof t.RefinementType) {
    current = (current as { readonly type: t.Decoder<unknown, unknown> }).type;
  }
  return current;
};

const pathOf = (context: t.Context): string =>
  context
    .filter((entry, i) => {
      if (i === 0 || entry.key === '') return false;
      const parent = context[i - 1]?.type;
      if (!parent) return true;
      // union and intersection members are addressed by index; they are not part of the field path
      const inner = unwrap(parent);
      return !(inner instanceof t.UnionType || inner instanceof t.IntersectionType);
    })
    .map((entry) => entry.key)
    .join('.');

const describe = (error: t.ValidationError): FieldIssue => {
  const path = pathOf(error.context);
  if (error.message) return { path, message: error.message };
  const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
  return {
    path,
    message: error.value === undefined ? 'is required' : `must be ${expected}`,
  };
};

/** Decodes untrusted input, reporting every problem with its field path. */
export const decode = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): E.Either<ValidationError, A> => {
  const result = codec.decode(input);
  if (E.isRight(result)) return result;
  const seen = new Set<string>();
  const issues = result.left.map(describe).filter((issue) => {
    const key = `${issue.path}\u0001${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return E.left(validationError(issues));
};
