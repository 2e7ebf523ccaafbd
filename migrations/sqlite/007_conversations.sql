-- Hand-off to people (docs/inbox.md): the same schema as
-- migrations/postgres/0009_conversations.sql.

CREATE TABLE operators (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (length(name) <= 100),
  email TEXT NOT NULL CHECK (length(email) <= 255),
  role TEXT NOT NULL DEFAULT 'operator' CHECK (role IN ('operator', 'admin')),
  password_hash TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX operators_email_key ON operators (lower(email));

CREATE TABLE operator_presence (
  operator_id INTEGER PRIMARY KEY REFERENCES operators (id) ON DELETE CASCADE,
  last_seen_at INTEGER NOT NULL
);

CREATE TABLE operator_sessions (
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX operator_sessions_operator_id_idx ON operator_sessions (operator_id);

ALTER TABLE sessions ADD COLUMN handling TEXT NOT NULL DEFAULT 'bot' CHECK (handling IN ('bot', 'waiting', 'operator'));
ALTER TABLE sessions ADD COLUMN operator_id INTEGER REFERENCES operators (id) ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN widget_profile TEXT CHECK (widget_profile IS NULL OR length(widget_profile) <= 100);
ALTER TABLE sessions ADD COLUMN waiting_since INTEGER;
ALTER TABLE sessions ADD COLUMN handoff_at INTEGER;
ALTER TABLE sessions ADD COLUMN assigned_at INTEGER;
ALTER TABLE sessions ADD COLUMN first_response_at INTEGER;
CREATE INDEX sessions_queue_idx ON sessions (waiting_since, id) WHERE is_active = 1 AND handling <> 'bot';
CREATE INDEX sessions_operator_id_idx ON sessions (operator_id) WHERE operator_id IS NOT NULL;

-- The source CHECK changes: messages is rebuilt, as in 003 (its trigger from 006 goes
-- with the old table and is made again below).
CREATE TABLE messages_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  tokens_used INTEGER,
  source TEXT CHECK (source IS NULL OR source IN ('faq', 'ai', 'handoff', 'welcome', 'search_failed', 'operator', 'state')),
  knowledge_id INTEGER REFERENCES knowledge_base (id) ON DELETE SET NULL,
  client_message_id TEXT CHECK (client_message_id IS NULL OR length(client_message_id) <= 100),
  operator_id INTEGER REFERENCES operators (id) ON DELETE SET NULL,
  -- JSON array of FAQ entry ids, best first
  grounding_ids TEXT
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
CREATE TRIGGER messages_notify_stored AFTER INSERT ON messages
BEGIN
  SELECT wa_message_stored(NEW.session_id);
END;

CREATE TABLE contact_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
  visitor_id INTEGER REFERENCES visitors (id) ON DELETE CASCADE,
  email TEXT NOT NULL CHECK (length(email) <= 255),
  name TEXT CHECK (name IS NULL OR length(name) <= 100),
  message TEXT,
  created_at INTEGER NOT NULL,
  handled_at INTEGER,
  handled_by INTEGER REFERENCES operators (id) ON DELETE SET NULL
);
CREATE INDEX contact_requests_open_idx ON contact_requests (created_at, id) WHERE handled_at IS NULL;
CREATE INDEX contact_requests_visitor_id_idx ON contact_requests (visitor_id);
