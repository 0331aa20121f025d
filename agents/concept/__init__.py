"""Concept decomposition agent: a hot concept becomes an industry chain with validated tickers."""
