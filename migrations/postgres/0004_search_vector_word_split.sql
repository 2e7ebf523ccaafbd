-- PostgreSQL's text parser keeps e-mails, host names, URLs and paths as single tokens
-- ("Visa/MasterCard", "support@shop.ru", "shop.ru/help"), so "visa" or "help" found
-- nothing here while the sql.js adapter, which splits on every non-letter, found them.
-- Turning those joining characters into spaces first makes both adapters see the same words.
DROP INDEX knowledge_base_search_vector_idx;
ALTER TABLE knowledge_base DROP COLUMN search_vector;
ALTER TABLE knowledge_base ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('russian', translate(coalesce(question, ''), '/@.:_~\#?=&+', '            ')), 'A') ||
  setweight(to_tsvector('russian', translate(coalesce(keywords, ''), '/@.:_~\#?=&+', '            ')), 'B') ||
  setweight(to_tsvector('russian', translate(coalesce(answer, ''), '/@.:_~\#?=&+', '            ')), 'C')
) STORED;
CREATE INDEX knowledge_base_search_vector_idx ON knowledge_base USING gin (search_vector);
