import * as E from 'fp-ts/lib/Either.js';
import type { UnansweredQuestion } from '../../src/domain/entities/unanswered-question.js';
import type { UnansweredQuestionCount } from '../../src/ports/messages.js';
import type { UnansweredQuestions } from '../../src/ports/unanswered-questions.js';
import type { Executor } from './executor.js';
import { integer, nullableText, RowShapeError, sqlDate } from './row-mappers.js';
import type { Row, SqlDatabase } from './sql-database.js';

const COLUMNS = 'id, normalized_text, example_text, count, first_seen, last_seen';

const requiredText = (row: Row, column: string): string => {
  const value = nullableText(row, column);
  if (value === null) throw new RowShapeError(`column ${column} is null`);
  return value;
};

const toUnansweredQuestion = (row: Row): UnansweredQuestion => ({
  id: integer(row, 'id'),
  normalizedText: requiredText(row, 'normalized_text'),
  exampleText: requiredText(row, 'example_text'),
  count: integer(row, 'count'),
  firstSeen: new Date(integer(row, 'first_seen')),
  lastSeen: new Date(integer(row, 'last_seen')),
});

/**
 * Counts one more occurrence of a question in one upsert; shared with
 * messages-repository.ts, which counts a question in the write of its reply.
 */
export const countUnansweredQuestion = (db: SqlDatabase, question: UnansweredQuestionCount, now: Date): Row => {
  const row = db.get(
    `INSERT INTO unanswered_questions (normalized_text, example_text, count, first_seen, last_seen)
     VALUES (?, ?, 1, ?, ?)
     ON CONFLICT (normalized_text) DO UPDATE SET
       count = count + 1,
       example_text = excluded.example_text,
       last_seen = max(last_seen, excluded.last_seen)
     RETURNING ${COLUMNS}`,
    [question.normalizedText, question.exampleText, sqlDate(now), sqlDate(now)],
  );
  if (!row) throw new Error('unanswered question upsert returned no row');
  return row;
};

export const createUnansweredQuestionsRepository = (executor: Executor): UnansweredQuestions => ({
  record: (normalizedText, exampleText, now) =>
    executor.write((db) =>
      E.right(toUnansweredQuestion(countUnansweredQuestion(db, { normalizedText, exampleText }, now))),
    ),

  list: (page) =>
    executor.read((db) =>
      E.right(
        db
          .all(`SELECT ${COLUMNS} FROM unanswered_questions ORDER BY count DESC, last_seen DESC, id LIMIT ? OFFSET ?`, [
            page.limit,
            page.offset,
          ])
          .map(toUnansweredQuestion),
      ),
    ),
});
