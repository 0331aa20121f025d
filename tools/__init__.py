"""The ground floor: deterministic capabilities, pure where they can be. Imports nothing above it.

documents.py, document_model.py, document_readers.py   files (PDF/DOCX/TXT/MD/HTML) → pages + metadata
layout/              PDF layout from positions: furniture, tables, columns, disclaimer material
page_text.py, page_layout.py, pdf_text.py, docx_pages.py   text pages, paragraphs, fallback readers
report_metadata.py, cover_fields.py, brokers.py   cover metadata with page and rule; broker names
forecast_table.py    the earnings-forecast table as typed cells
normalize.py, injection.py   matching normalization (NFKC, t2s); instructions hidden in documents
tickers/             the one code normalizer, the stock master, company mentions in text
market_data/         akshare adapter, parquet cache, bundled sample fixtures
citations.py         [page::N] citations checked against page text
report_fields.py, eps_forecasts.py   rating, target price (cover) and EPS (forecast table) for summaries
sentence_rank.py, report_material.py   extractive sentence selection; what an LLM sees of a report
chain/, concepts.py   industry-chain extraction (evidence-first), chain templates; concept aliases
signals.py, signal_backtest.py   macro timing and style signals, their historical hit rates
style_metrics.py, style_exposures.py   fund style exposures and active rotation from holdings
text.py, tokens.py   sentences, jieba tokens, squashing; tiktoken counts (encodings shipped offline)
errors.py, files.py   one line about an exception; atomic file writes
"""
