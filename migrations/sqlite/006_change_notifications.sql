-- Live delivery (event streams): every stored message tells the store, through a
-- function the adapter defines on its connection (adapters/sqljs/change-notifications.ts),
-- which publishes it once the write has committed. The same role as
-- migrations/postgres/0008_change_notifications.sql.
CREATE TRIGGER messages_notify_stored AFTER INSERT ON messages
BEGIN
  SELECT wa_message_stored(NEW.session_id);
END;
