-- The seven tables of docs/schema.md for SQLite (sql.js).
-- Timestamps are integer milliseconds since the epoch (UTC); booleans are 0/1.
-- Length CHECKs mirror PostgreSQL's varchar(n) so both adapters reject the same input.
-- AUTOINCREMENT mirrors serial: ids are never reused after a delete.

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE CHECK (length(username) <= 100),
  email TEXT CHECK (email IS NULL OR length(email) <= 255),
  phone TEXT CHECK (phone IS NULL OR length(phone) <= 50),
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE visitors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  visitor_id TEXT NOT NULL UNIQUE CHECK (length(visitor_id) <= 100),
  ip_address TEXT CHECK (ip_address IS NULL OR length(ip_address) <= 50),
  user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 500),
  device_type TEXT CHECK (device_type IS NULL OR length(device_type) <= 50),
  browser TEXT CHECK (browser IS NULL OR length(browser) <= 100),
  first_visit INTEGER NOT NULL,
  last_visit INTEGER NOT NULL,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX visitors_user_id_idx ON visitors (user_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  visitor_id INTEGER REFERENCES visitors (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  session_uuid TEXT NOT NULL UNIQUE CHECK (length(session_uuid) <= 100),
  title TEXT CHECK (title IS NULL OR length(title) <= 255),
  page_url TEXT CHECK (page_url IS NULL OR length(page_url) <= 500),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ended_at INTEGER,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  satisfaction_rating INTEGER CHECK (satisfaction_rating BETWEEN 1 AND 5)
);
CREATE INDEX sessions_visitor_id_idx ON sessions (visitor_id);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_active_idx ON sessions (is_active) WHERE is_active = 1;

CREATE TABLE knowledge_base (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  category TEXT CHECK (category IS NULL OR length(category) <= 100),
  keywords TEXT,
  -- 1024 little-endian float32; scored in JS, never in SQL (see docs/adr/0003)
  embedding BLOB CHECK (embedding IS NULL OR length(embedding) = 4096),
  embedding_model TEXT CHECK (embedding_model IS NULL OR length(embedding_model) <= 200),
  priority INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  views_count INTEGER NOT NULL DEFAULT 0,
  helpful_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX knowledge_base_category_idx ON knowledge_base (category);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  tokens_used INTEGER,
  source TEXT CHECK (source IS NULL OR source IN ('faq', 'ai', 'handoff', 'welcome')),
  knowledge_id INTEGER REFERENCES knowledge_base (id) ON DELETE SET NULL,
  client_message_id TEXT CHECK (client_message_id IS NULL OR length(client_message_id) <= 100)
);
CREATE INDEX messages_session_timestamp_idx ON messages (session_id, timestamp, id);
CREATE UNIQUE INDEX messages_session_client_message_key ON messages (session_id, client_message_id);

CREATE TABLE chat_widget (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE CHECK (length(name) <= 100),
  welcome_message TEXT,
  placeholder_text TEXT CHECK (placeholder_text IS NULL OR length(placeholder_text) <= 255),
  bot_name TEXT CHECK (bot_name IS NULL OR length(bot_name) <= 100),
  bot_avatar_url TEXT CHECK (bot_avatar_url IS NULL OR length(bot_avatar_url) <= 500),
  primary_color TEXT CHECK (primary_color IS NULL OR length(primary_color) <= 20),
  position TEXT CHECK (position IS NULL OR length(position) <= 20),
  auto_open_delay INTEGER,
  offline_message TEXT,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  business_hours TEXT CHECK (business_hours IS NULL OR json_valid(business_hours)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE context (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE CHECK (length(key) <= 255),
  value TEXT NOT NULL,
  category TEXT CHECK (category IS NULL OR length(category) <= 100),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX context_category_idx ON context (category);
