-- Hand-off to people (docs/inbox.md): operator accounts, their login sessions and
-- presence, who answers each chat (the bot, the queue, or an operator), operator messages,
-- the FAQ entries an AI answer was grounded on, and contact requests left when no one
-- was online. The same schema as migrations/sqlite/007_conversations.sql.

CREATE TABLE operators (
  id            serial       CONSTRAINT operators_pkey PRIMARY KEY,
  name          varchar(100) NOT NULL,
  email         varchar(255) NOT NULL,
  role          varchar(20)  NOT NULL DEFAULT 'operator' CONSTRAINT operators_role_check CHECK (role IN ('operator', 'admin')),
  password_hash text         NOT NULL,
  is_active     boolean      NOT NULL DEFAULT true,
  created_at    timestamptz  NOT NULL,
  updated_at    timestamptz  NOT NULL
);
-- e-mails compare in any letter case, as users' do
CREATE UNIQUE INDEX operators_email_key ON operators (lower(email));

-- Presence beats every 15 s per open inbox: a narrow row of its own, so a beat is a HOT
-- update that never rewrites the account.
CREATE TABLE operator_presence (
  operator_id  integer     CONSTRAINT operator_presence_pkey PRIMARY KEY
                           CONSTRAINT operator_presence_operator_id_fkey REFERENCES operators (id) ON DELETE CASCADE,
  last_seen_at timestamptz NOT NULL
);

-- A login: the sha-256 of the random token in the operator's HttpOnly cookie, never the token itself.
CREATE TABLE operator_sessions (
  token_hash  char(64)    CONSTRAINT operator_sessions_pkey PRIMARY KEY,
  operator_id integer     NOT NULL CONSTRAINT operator_sessions_operator_id_fkey REFERENCES operators (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX operator_sessions_operator_id_idx ON operator_sessions (operator_id);

ALTER TABLE sessions
  ADD COLUMN handling varchar(10) NOT NULL DEFAULT 'bot'
    CONSTRAINT sessions_handling_check CHECK (handling IN ('bot', 'waiting', 'operator')),
  ADD COLUMN operator_id integer CONSTRAINT sessions_operator_id_fkey REFERENCES operators (id) ON DELETE SET NULL,
  ADD COLUMN widget_profile varchar(100),
  -- when the current wait for a person began (the queue's order)
  ADD COLUMN waiting_since timestamptz,
  -- the first hand-off, the first assignment, the first operator reply (figures)
  ADD COLUMN handoff_at timestamptz,
  ADD COLUMN assigned_at timestamptz,
  ADD COLUMN first_response_at timestamptz;
-- the inbox's queue: active chats waiting or with an operator
CREATE INDEX sessions_queue_idx ON sessions (waiting_since, id) WHERE is_active AND handling <> 'bot';
CREATE INDEX sessions_operator_id_idx ON sessions (operator_id) WHERE operator_id IS NOT NULL;

ALTER TABLE messages
  ADD COLUMN operator_id integer CONSTRAINT messages_operator_id_fkey REFERENCES operators (id) ON DELETE SET NULL,
  -- the FAQ entries an AI answer was grounded on, best first
  ADD COLUMN grounding_ids integer[],
  DROP CONSTRAINT messages_source_check,
  ADD CONSTRAINT messages_source_check
    CHECK (source IN ('faq', 'ai', 'handoff', 'welcome', 'search_failed', 'operator', 'state')) NOT VALID;

CREATE TABLE contact_requests (
  id         serial       CONSTRAINT contact_requests_pkey PRIMARY KEY,
  session_id integer      CONSTRAINT contact_requests_session_id_fkey REFERENCES sessions (id) ON DELETE SET NULL,
  visitor_id integer      CONSTRAINT contact_requests_visitor_id_fkey REFERENCES visitors (id) ON DELETE CASCADE,
  email      varchar(255) NOT NULL,
  name       varchar(100),
  message    text,
  created_at timestamptz  NOT NULL,
  handled_at timestamptz,
  handled_by integer      CONSTRAINT contact_requests_handled_by_fkey REFERENCES operators (id) ON DELETE SET NULL
);
CREATE INDEX contact_requests_open_idx ON contact_requests (created_at, id) WHERE handled_at IS NULL;
CREATE INDEX contact_requests_visitor_id_idx ON contact_requests (visitor_id);
