"""Tickers: every spelling of a stock code or name → one validated security.

normalize.py  the one code normalizer (canonical_code, normalize_code), name spellings, nicknames
master.py     the stock master (bundled A-share snapshot): exists, resolve, lookup, search, code_of
mentions.py   company names found in free text
"""

from tools.tickers.master import COLUMNS, MASTER_CSV, Security, StockMaster, TickerError, master_frame
from tools.tickers.normalize import canonical_code, normalize_code, normalize_name

__all__ = ["COLUMNS", "MASTER_CSV", "Security", "StockMaster", "TickerError", "canonical_code", "master_frame",
           "normalize_code", "normalize_name"]
