import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ClosedStructType, NullableType, UnknownFieldType } from './codecs.js';
import { unknownFieldMessage, validationError, type FieldIssue, type ValidationError } from './errors.js';

/** The codec under wrappers that validate in their parent's context entry (exact, readonly, refinement, nullable). */
const unwrap = (type: t.Decoder<unknown, unknown>): t.Decoder<unknown, unknown> => {
  let current: t.Decoder<unknown, unknown> = type;
  while (
    current instanceof t.ExactType ||
    current instanceof t.ReadonlyType ||
    current instanceof t.RefinementType ||
    current instanceof NullableType ||
    current instanceof ClosedStructType
  ) {
    current = (current as { readonly type: t.Decoder<unknown, unknown> }).type;
  }
  return current;
};

const pathOf = (context: t.Context): string =>
  context
    .filter((entry, i) => {
      if (i === 0 || entry.key === '') return false;
      if (entry.type instanceof UnknownFieldType) return true;
      const parent = context[i - 1]?.type;
      if (!parent) return true;
      // union and intersection members are addressed by index; they are not part of the field path
      const inner = unwrap(parent);
      return !(inner instanceof t.UnionType || inner instanceof t.IntersectionType);
    })
    .map((entry) => entry.key)
    .join('.');

/** The values a codec of fixed choices (keyof, literal, a union of them) accepts; null for any other codec. */
const choicesOf = (type: t.Decoder<unknown, unknown>): ReadonlyArray<string> | null => {
  const inner = unwrap(type);
  if (inner instanceof t.KeyofType) return Object.keys(inner.keys as Record<string, unknown>);
  if (inner instanceof t.LiteralType) return [String(inner.value)];
  if (inner instanceof t.UnionType) {
    const parts = (inner.types as ReadonlyArray<t.Decoder<unknown, unknown>>).map(choicesOf);
    return parts.every((p) => p !== null) ? parts.flatMap((p) => p ?? []) : null;
  }
  return null;
};

/** The literal-valued properties of an object codec (looking into intersections): the tags of a tagged union. */
const literalProps = (type: t.Decoder<unknown, unknown>): Record<string, string> => {
  const inner = unwrap(type);
  if (inner instanceof t.IntersectionType) {
    const members = inner.types as ReadonlyArray<t.Decoder<unknown, unknown>>;
    return members.reduce<Record<string, string>>((all, member) => ({ ...all, ...literalProps(member) }), {});
  }
  if (!(inner instanceof t.InterfaceType)) return {};
  const props = inner.props as Record<string, t.Decoder<unknown, unknown>>;
  return Object.fromEntries(
    Object.entries(props).flatMap(([key, prop]) => {
      const value = unwrap(prop);
      return value instanceof t.LiteralType ? [[key, String(value.value)]] : [];
    }),
  );
};

/** `must be an object whose "kind" is one of: …` for a union of objects told apart by one literal property. */
const taggedUnionExpectation = (members: ReadonlyArray<t.Decoder<unknown, unknown>>): string | null => {
  const tags = members.map(literalProps);
  const key = Object.keys(tags[0] ?? {}).find((k) => tags.every((tag) => tag[k] !== undefined));
  return key === undefined
    ? null
    : `must be an object whose "${key}" is one of: ${tags.map((tag) => tag[key]).join(', ')}`;
};

/** What a codec expects, in words a user understands (`must be one of: text, json, html`, not `must be ExportFormat`). */
const expectation = (type: t.Decoder<unknown, unknown>): string => {
  const choices = choicesOf(type);
  if (choices) return choices.length === 1 ? `must be "${choices[0]}"` : `must be one of: ${choices.join(', ')}`;
  const inner = unwrap(type);
  if (inner instanceof t.UnionType) {
    const tagged = taggedUnionExpectation(inner.types as ReadonlyArray<t.Decoder<unknown, unknown>>);
    if (tagged) return tagged;
  }
  if (inner instanceof t.BooleanType) return 'must be true or false';
  if (inner instanceof t.StringType) return 'must be a string';
  if (inner instanceof t.NumberType) return 'must be a number';
  if (inner instanceof t.ArrayType || inner instanceof t.ReadonlyArrayType) return 'must be an array';
  if (
    inner instanceof t.InterfaceType ||
    inner instanceof t.PartialType ||
    inner instanceof t.IntersectionType ||
    inner instanceof t.DictionaryType
  )
    return 'must be an object';
  return `must be ${type.name}`;
};

const describe = (error: t.ValidationError): FieldIssue => {
  const path = pathOf(error.context);
  const leaf = error.context[error.context.length - 1]?.type;
  if (leaf instanceof UnknownFieldType)
    return { path, message: unknownFieldMessage(leaf.allowed), allowedFields: leaf.allowed };
  // optional fields accept undefined, so a failing undefined is a missing required field
  if (error.value === undefined) return { path, message: 'is required' };
  if (error.message) return { path, message: error.message };
  if (!leaf) return { path, message: 'is not valid' };
  // a member of a union of fixed choices ("offline" | "none") answers for the whole union
  const parent = error.context[error.context.length - 2]?.type;
  const union = parent && unwrap(parent) instanceof t.UnionType && choicesOf(parent) ? parent : leaf;
  return { path, message: expectation(union) };
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
