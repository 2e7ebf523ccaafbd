-- The language of a widget profile's own texts; the same column as
-- migrations/postgres/0007_widget_language.sql.

ALTER TABLE chat_widget ADD COLUMN language TEXT NOT NULL DEFAULT 'ru' CHECK (length(language) <= 10);
