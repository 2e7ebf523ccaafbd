import { sql } from 'slonik';
import type { AgentContext } from '../../src/ports/agent-context.js';
import { CONTEXT_COLUMNS, ContextRow, toContextEntry } from './row-schemas.js';
import { parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageValue, type QueryTarget } from './storage-task.js';

export const createAgentContextRepository = (target: QueryTarget): AgentContext => {
  const { connection } = target;
  return {
    // created_at is only written by the insert branch, so an update keeps it.
    set: (key, value, category, now) =>
      storageValue(target, async () => {
        const row = await connection.one(sql.type(ContextRow)`
          INSERT INTO context (key, value, category, created_at, updated_at)
          VALUES (${key}, ${value}, ${category}, ${timestamptz(now)}, ${timestamptz(now)})
          ON CONFLICT (key) DO UPDATE SET
            value = EXCLUDED.value, category = EXCLUDED.category, updated_at = EXCLUDED.updated_at
          RETURNING ${CONTEXT_COLUMNS}`);
        return toContextEntry(parseRow(ContextRow, row));
      }),

    get: (key) =>
      storageValue(target, async () => {
        const rows = parseRows(
          ContextRow,
          await connection.any(sql.type(ContextRow)`
          SELECT ${CONTEXT_COLUMNS} FROM context WHERE key = ${key}`),
        );
        return rows[0] ? toContextEntry(rows[0]) : null;
      }),

    // COLLATE "C": code-point order, the same as sql.js.
    list: (category) =>
      storageValue(target, async () =>
        parseRows(
          ContextRow,
          await connection.any(sql.type(ContextRow)`
          SELECT ${CONTEXT_COLUMNS} FROM context
          WHERE ${category === null ? sql.fragment`true` : sql.fragment`category = ${category}`}
          ORDER BY key COLLATE "C"`),
        ).map(toContextEntry),
      ),
  };
};
