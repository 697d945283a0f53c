-- pg_trgm powers Chinese handbook search (trigram GIN index); PGlite loads it as a contrib extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
