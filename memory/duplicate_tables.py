"""The near-duplicate tables of the catalog (memory/near_duplicates.py uses them), kept apart so that
opening a catalog does not import the MinHash code and numpy: a no-op re-ingest never needs them."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS dup_signatures (report_id TEXT PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS dup_bands (band TEXT NOT NULL, report_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS dup_bands_band ON dup_bands(band);
CREATE INDEX IF NOT EXISTS dup_bands_report ON dup_bands(report_id);
CREATE TABLE IF NOT EXISTS dup_sources (path TEXT PRIMARY KEY, content_id TEXT NOT NULL, report_id TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS dup_sources_report ON dup_sources(report_id)"""
PG_SCHEMA = SCHEMA.replace(" BLOB ", " BYTEA ")  # the team catalog (memory/pg_catalog.py); the SQL below runs on both
TABLES = ("dup_signatures", "dup_bands", "dup_sources")
