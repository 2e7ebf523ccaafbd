-- Rate-limit counters shared by every host on this database (the reference host's
-- RATE_LIMIT_STORE=postgres, docs/operations.md): one row per limited key (route + IP or
-- visitor), counted up in one upsert per request and started again when its window ends.
--
-- UNLOGGED: a counter is worth nothing after a crash (the server empties the table then),
-- so its writes skip the WAL; nor is it copied to replicas, which never count requests.
-- fillfactor 50 leaves room in each page, so a count is a HOT update (the only index is
-- the primary key, whose column never changes).
CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_hits (
  key            text        NOT NULL CONSTRAINT rate_limit_hits_pkey PRIMARY KEY,
  hits           integer     NOT NULL,
  window_ends_at timestamptz NOT NULL
) WITH (fillfactor = 50);
