import { sql } from 'slonik';
import { z } from 'zod';
import type { AnswerContextReader } from '../../src/ports/answer-context.js';
import { MESSAGE_COLUMNS, MessageRow, toMessage } from './row-schemas.js';
import { parseRow, timestamptz } from './sql-helpers.js';
import { storageValue, type QueryTarget } from './storage-task.js';

/** Each row carries the settings (the same on every row) and one message, or no message when the session has none. */
const AnswerContextRow = z.object({ context_values: z.record(z.string()), id: z.number().int().nullable() });

export const createAnswerContextRepository = (target: QueryTarget): AnswerContextReader => {
  const { connection } = target;
  return {
    /*
     * One statement: the settings as one jsonb object, joined to the last `window`
     * messages up to the question (newest first, reversed here), so an AI answer costs
     * one round trip for everything it is asked with. The question's own stored timestamp
     * is compared, not the JavaScript Date (milliseconds): a row written with microseconds
     * by something else would otherwise fall after itself.
     */
    load: ({ keys, sessionId, upTo, window }) =>
      storageValue(target, async () => {
        const rows = await connection.any(sql.type(AnswerContextRow)`
          SELECT settings.context_values, recent.*
          FROM (
            SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) AS context_values
            FROM context WHERE key = ANY(${sql.array([...keys], 'text')})
          ) AS settings
          LEFT JOIN LATERAL (
            SELECT ${MESSAGE_COLUMNS} FROM messages
            WHERE session_id = ${sessionId}
              AND ("timestamp", id) <= (coalesce((SELECT "timestamp" FROM messages WHERE id = ${upTo.id}::int), ${timestamptz(upTo.timestamp)}), ${upTo.id}::int)
            ORDER BY "timestamp" DESC, id DESC
            LIMIT ${window}
          ) AS recent ON true`);
        // the LEFT JOIN gives one row without a message, or one row per message
        const first = parseRow(AnswerContextRow, rows[0]);
        return {
          values: first.context_values,
          conversation: first.id === null ? [] : rows.map((row) => toMessage(parseRow(MessageRow, row))).reverse(),
        };
      }),
  };
};
