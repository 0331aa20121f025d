"""Report summarization agent: per-report summaries with verified [page::N] citations."""
