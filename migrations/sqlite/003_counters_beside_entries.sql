-- The same change as migrations/postgres/0005_counters_beside_entries.sql
-- (docs/adr/0011-counters-beside-the-entries.md): counters in a table of their own,
-- one helpful vote per visitor and entry, and the `search_failed` reply source.

CREATE TABLE knowledge_counters (
  id INTEGER PRIMARY KEY REFERENCES knowledge_base (id) ON DELETE CASCADE,
  views_count INTEGER NOT NULL DEFAULT 0,
  helpful_count INTEGER NOT NULL DEFAULT 0
);

INSERT INTO knowledge_counters (id, views_count, helpful_count)
SELECT id, views_count, helpful_count FROM knowledge_base
WHERE views_count <> 0 OR helpful_count <> 0;

ALTER TABLE knowledge_base DROP COLUMN views_count;
ALTER TABLE knowledge_base DROP COLUMN helpful_count;

CREATE TABLE helpful_votes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  knowledge_id INTEGER NOT NULL REFERENCES knowledge_base (id) ON DELETE CASCADE,
  visitor_id INTEGER NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  UNIQUE (knowledge_id, visitor_id)
);
CREATE INDEX helpful_votes_visitor_id_idx ON helpful_votes (visitor_id);

-- PostgreSQL keeps this index out of the counting path (HOT updates); the same listing
-- here sorts the table too, so both adapters plan it alike.
DROP INDEX unanswered_questions_ranking_idx;

-- SQLite cannot change a CHECK in place: the messages table is rebuilt with the new one
-- (https://www.sqlite.org/lang_altertable.html#otheralter). No table references messages,
-- so dropping the old one cascades nothing; the AUTOINCREMENT counter is carried over so
-- ids of deleted messages are never handed out again.
CREATE TABLE messages_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  tokens_used INTEGER,
  source TEXT CHECK (source IS NULL OR source IN ('faq', 'ai', 'handoff', 'welcome', 'search_failed')),
  knowledge_id INTEGER REFERENCES knowledge_base (id) ON DELETE SET NULL,
  client_message_id TEXT CHECK (client_message_id IS NULL OR length(client_message_id) <= 100)
);
INSERT INTO messages_rebuilt (id, session_id, role, content, timestamp, tokens_used, source, knowledge_id, client_message_id)
SELECT id, session_id, role, content, timestamp, tokens_used, source, knowledge_id, client_message_id FROM messages;
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'messages')
WHERE name = 'messages_rebuilt' AND seq < (SELECT seq FROM sqlite_sequence WHERE name = 'messages');
INSERT INTO sqlite_sequence (name, seq)
SELECT 'messages_rebuilt', seq FROM sqlite_sequence WHERE name = 'messages'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'messages_rebuilt');
DROP TABLE messages;
ALTER TABLE messages_rebuilt RENAME TO messages;
CREATE INDEX messages_session_timestamp_idx ON messages (session_id, timestamp, id);
CREATE UNIQUE INDEX messages_session_client_message_key ON messages (session_id, client_message_id);
