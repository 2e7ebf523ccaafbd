-- Questions the FAQ had no confident answer for, counted by their normalised text
-- (docs/faq-operations.md). One row per distinct question: the unique key is what makes
-- the recording upsert atomic under concurrency.

CREATE TABLE unanswered_questions (
  id              serial       CONSTRAINT unanswered_questions_pkey PRIMARY KEY,
  normalized_text varchar(500) NOT NULL CONSTRAINT unanswered_questions_normalized_text_key UNIQUE,
  example_text    text         NOT NULL,
  count           integer      NOT NULL DEFAULT 1 CONSTRAINT unanswered_questions_count_check CHECK (count > 0),
  first_seen      timestamptz  NOT NULL,
  last_seen       timestamptz  NOT NULL
);
-- The listing order: most asked first, then most recent.
CREATE INDEX unanswered_questions_ranking_idx ON unanswered_questions (count DESC, last_seen DESC, id);
