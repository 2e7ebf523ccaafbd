-- The language of a widget profile's own texts (docs/widget.md). Existing profiles keep
-- the Russian texts the widget always showed.
ALTER TABLE chat_widget
  ADD COLUMN language varchar(10) NOT NULL DEFAULT 'ru';
