import { sql } from 'slonik';
import { z } from 'zod';

/** A statement whose result rows (if any) are not read. */
export const command = sql.type(z.unknown());

/** A JS Date as a `timestamptz` parameter, exact to the millisecond. */
export const timestamptz = (date: Date) => sql.fragment`${date.toISOString()}::timestamptz`;

/** Validates driver rows against the row schema instead of trusting a type annotation. */
export const parseRows = <S extends z.ZodTypeAny>(schema: S, rows: ReadonlyArray<unknown>): Array<z.infer<S>> =>
  rows.map((row) => schema.parse(row) as z.infer<S>);

export const parseRow = <S extends z.ZodTypeAny>(schema: S, row: unknown): z.infer<S> =>
  schema.parse(row) as z.infer<S>;

/**
 * A row count written into the statement text instead of bound, for the search
 * statements' LIMITs: with `LIMIT $n` PostgreSQL cannot cost a generic plan, keeps
 * planning the named statement on every call, and a search paid that planning each time
 * (docs/adr/0009-named-prepared-statements.md). Only the adapter's own integers reach
 * here (page sizes already decoded as `Limit`, ef_search from the options), and they are
 * checked; the text is a quoted literal, so nothing else could be written.
 */
export const rowCount = (n: number) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a row count must be a non-negative integer, got ${n}`);
  return sql.fragment`${sql.literalValue(String(n))}::int`;
};

/**
 * `n` rounded up to a power of two: the LIMIT the search statements are written with,
 * the rows beyond `n` dropped in JavaScript. Every distinct LIMIT is a distinct statement
 * text (rowCount), and a connection names at most 200 of them; page sizes chosen by
 * callers (1 to 100, and the hybrid search's depth) would otherwise use the names up and
 * leave the adapter's own statements unnamed. Buckets keep it to a few texts per search.
 */
export const limitBucket = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
