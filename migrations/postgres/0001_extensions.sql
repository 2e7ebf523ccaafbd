-- pgvector lives in `public` so that every schema (one per test run, or a host's own
-- schema) shares one installation; the library's search_path always ends with public.
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
