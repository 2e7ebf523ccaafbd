import type { UnansweredQuestion } from '../domain/entities/unanswered-question.js';
import type { Page } from './chat-sessions.js';
import type { StorageTask } from './storage-result.js';

/** The `unanswered_questions` collection: questions without a confident FAQ answer. */
export interface UnansweredQuestions {
  /**
   * Counts one more occurrence of `normalizedText` in one atomic upsert: inserts it with
   * count 1, or adds one to its count, replaces `example_text` and moves `last_seen`
   * forward (never back). Concurrent calls never lose a count or surface a unique violation.
   */
  record(normalizedText: string, exampleText: string, now: Date): StorageTask<UnansweredQuestion>;
  /** Most asked first: by count descending, then the most recently seen, then id. */
  list(page: Page): StorageTask<ReadonlyArray<UnansweredQuestion>>;
}
