"""The ground floor: deterministic capabilities, pure where they can be. Imports nothing above it.

documents.py, page_text.py, page_layout.py   files (PDF/TXT/MD/HTML) → pages; layout-aware page text
report_metadata.py   title, broker, date and the stock codes a report names
tickers/             the one code normalizer, the stock master, company mentions in text
market_data/         akshare adapter, parquet cache, bundled sample fixtures
citations.py         [page::N] citations checked against page text
report_fields.py, eps_forecasts.py   rating, target price and EPS tables read from pages
sentence_rank.py, report_material.py   extractive sentence selection; what an LLM sees of a report
chain/, concepts.py   industry-chain extraction (evidence-first), chain templates; concept aliases
signals.py, signal_backtest.py   macro timing and style signals, their historical hit rates
style_metrics.py, style_exposures.py   fund style exposures and active rotation from holdings
text.py, tokens.py   sentences, jieba tokens, squashing; tiktoken counts (encodings shipped offline)
errors.py, files.py   one line about an exception; atomic file writes
"""
