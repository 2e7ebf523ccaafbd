-- Counters leave the rows that hold vectors (docs/adr/0011-counters-beside-the-entries.md).
--
-- A knowledge_base row carries a 4 KB STORAGE PLAIN vector, so one row fills a page and
-- leaves no room for a HOT update: every counted view wrote a whole new row version and
-- new entries in every index of the table, the HNSW index included. With autovacuum off
-- (or between vacuums) the table and its index grew without bound, the planner moved to
-- the bloated HNSW index, and searches returned short or different pages (issue 13).
-- The counters now live in narrow tables of their own, whose updates touch no indexed
-- column and fit on their page: HOT, pruned in place, no index entries at all.

-- One row per entry that has been viewed or voted for; `id` is the entry's id (a shared
-- primary key). A missing row reads as zero counts.
CREATE TABLE knowledge_counters (
  id            integer NOT NULL CONSTRAINT knowledge_counters_pkey PRIMARY KEY
                CONSTRAINT knowledge_counters_id_fkey REFERENCES knowledge_base (id) ON DELETE CASCADE,
  views_count   integer NOT NULL DEFAULT 0,
  helpful_count integer NOT NULL DEFAULT 0
) WITH (fillfactor = 50);

INSERT INTO knowledge_counters (id, views_count, helpful_count)
SELECT id, views_count, helpful_count FROM knowledge_base
WHERE views_count <> 0 OR helpful_count <> 0;

ALTER TABLE knowledge_base DROP COLUMN views_count, DROP COLUMN helpful_count;

-- One "this answer helped" per visitor and entry: the unique key makes a repeated vote a
-- no-op, and the vote and its count are one statement. Votes go with the visitor
-- (erasure) and with the entry.
CREATE TABLE helpful_votes (
  id           serial  CONSTRAINT helpful_votes_pkey PRIMARY KEY,
  knowledge_id integer NOT NULL CONSTRAINT helpful_votes_knowledge_id_fkey REFERENCES knowledge_base (id) ON DELETE CASCADE,
  visitor_id   integer NOT NULL CONSTRAINT helpful_votes_visitor_id_fkey REFERENCES visitors (id) ON DELETE CASCADE,
  CONSTRAINT helpful_votes_knowledge_visitor_key UNIQUE (knowledge_id, visitor_id)
);
CREATE INDEX helpful_votes_visitor_id_idx ON helpful_votes (visitor_id);

-- Every unanswered question bumps its count and last_seen. The listing index on
-- (count, last_seen) held exactly those columns, so no count could be HOT: each wrote new
-- entries in all three indexes. The owner's listing sorts the table instead (one row per
-- distinct question). sessions.updated_at, bumped by every message, is in no index and
-- its bump was HOT already (measured: docs/reliability.md).
DROP INDEX unanswered_questions_ranking_idx;

-- A reply stored when the FAQ search failed is marked as such, so an operator can tell a
-- failure from a miss. NOT VALID: every stored row satisfies the narrower old check, and
-- validating would scan all messages under this migration's exclusive lock.
ALTER TABLE messages
  DROP CONSTRAINT messages_source_check,
  ADD CONSTRAINT messages_source_check
    CHECK (source IN ('faq', 'ai', 'handoff', 'welcome', 'search_failed')) NOT VALID;
