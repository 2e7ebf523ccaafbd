-- Questions the FAQ had no confident answer for (docs/faq-operations.md); the same
-- table as migrations/postgres/0003_unanswered_questions.sql.

CREATE TABLE unanswered_questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  normalized_text TEXT NOT NULL UNIQUE CHECK (length(normalized_text) <= 500),
  example_text TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1 CHECK (count > 0),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX unanswered_questions_ranking_idx ON unanswered_questions (count DESC, last_seen DESC, id);
