"""The reliability suite of issue 11: concurrent writers, kills at chosen points, serve seeing another
process's ingest, hostile files. Real chromadb and SQLite throughout; docs/reliability.md lists the cases."""
