-- Live delivery (event streams): every stored message notifies the channel
-- `web_assistant` with "<schema> <session id>", sent by PostgreSQL at commit to every
-- connection that LISTENs, whichever host wrote it (adapters/postgres/listen-events.ts).
-- Only ids travel: followers re-read the messages, so a lost notification costs nothing
-- once they re-read, and the 8,000-byte payload limit never matters.
CREATE OR REPLACE FUNCTION web_assistant_message_stored() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('web_assistant', TG_TABLE_SCHEMA || ' ' || NEW.session_id::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER messages_notify_stored AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION web_assistant_message_stored();
