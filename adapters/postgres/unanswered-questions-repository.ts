import { sql, type FragmentSqlToken } from 'slonik';
import { z } from 'zod';
import type { UnansweredQuestion } from '../../src/domain/entities/unanswered-question.js';
import type { UnansweredQuestionCount } from '../../src/ports/messages.js';
import type { UnansweredQuestions } from '../../src/ports/unanswered-questions.js';
import { parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageValue, type QueryTarget } from './storage-task.js';

const UnansweredQuestionRow = z.object({
  id: z.number().int(),
  normalized_text: z.string(),
  example_text: z.string(),
  count: z.number().int(),
  first_seen: z.date(),
  last_seen: z.date(),
});
const COLUMNS = sql.fragment`id, normalized_text, example_text, count, first_seen, last_seen`;

const toUnansweredQuestion = (row: z.infer<typeof UnansweredQuestionRow>): UnansweredQuestion => ({
  id: row.id,
  normalizedText: row.normalized_text,
  exampleText: row.example_text,
  count: row.count,
  firstSeen: row.first_seen,
  lastSeen: row.last_seen,
});

/**
 * Counts one more occurrence of a question: `INSERT … SELECT <source>` plus this clause.
 * ON CONFLICT ... DO UPDATE locks the existing row, so concurrent counts are never lost.
 * Shared with messages-repository.ts, which counts a question in the write of its reply.
 */
export const countUnansweredQuestion = (
  question: UnansweredQuestionCount,
  now: Date,
  from: FragmentSqlToken = sql.fragment``,
) => sql.fragment`
  INSERT INTO unanswered_questions (normalized_text, example_text, count, first_seen, last_seen)
  SELECT ${question.normalizedText}, ${question.exampleText}, 1, ${timestamptz(now)}, ${timestamptz(now)} ${from}
  ON CONFLICT (normalized_text) DO UPDATE SET
    count = unanswered_questions.count + 1,
    example_text = EXCLUDED.example_text,
    last_seen = GREATEST(unanswered_questions.last_seen, EXCLUDED.last_seen)`;

export const createUnansweredQuestionsRepository = (target: QueryTarget): UnansweredQuestions => {
  const { connection } = target;
  return {
    record: (normalizedText, exampleText, now) =>
      storageValue(target, async () => {
        const row = await connection.one(sql.type(UnansweredQuestionRow)`
          ${countUnansweredQuestion({ normalizedText, exampleText }, now)}
          RETURNING ${COLUMNS}`);
        return toUnansweredQuestion(parseRow(UnansweredQuestionRow, row));
      }),

    list: (page) =>
      storageValue(target, async () =>
        parseRows(
          UnansweredQuestionRow,
          await connection.any(sql.type(UnansweredQuestionRow)`
          SELECT ${COLUMNS} FROM unanswered_questions
          ORDER BY count DESC, last_seen DESC, id
          LIMIT ${page.limit} OFFSET ${page.offset}`),
        ).map(toUnansweredQuestion),
      ),
  };
};
