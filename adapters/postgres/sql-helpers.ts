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
