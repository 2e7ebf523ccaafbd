import * as E from 'fp-ts/lib/Either.js';
import type { AnswerContextReader } from '../../src/ports/answer-context.js';
import type { Executor } from './executor.js';
import { sqlDate, toContextEntry, toMessage } from './row-mappers.js';

export const createAnswerContextRepository = (executor: Executor): AnswerContextReader => ({
  load: ({ keys, sessionId, upTo, window }) =>
    executor.read((db) => {
      const values: Record<string, string> = {};
      for (const key of keys) {
        const row = db.get('SELECT * FROM context WHERE key = ?', [key]);
        if (row) values[key] = toContextEntry(row).value;
      }
      const at = sqlDate(upTo.timestamp);
      // the last `window` messages up to the question, by (timestamp, id) as listBySession orders them
      const conversation = db
        .all(
          `SELECT * FROM messages
           WHERE session_id = ? AND (timestamp < ? OR (timestamp = ? AND id <= ?))
           ORDER BY timestamp DESC, id DESC LIMIT ?`,
          [sessionId, at, at, upTo.id, window],
        )
        .map(toMessage)
        .reverse();
      return E.right({ values, conversation });
    }),
});
