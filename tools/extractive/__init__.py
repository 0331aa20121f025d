"""The offline summarizer's sentence selection, measured in benchmarks/extractive_rouge.py.

select.py   the character budget, the engine and its baselines (LEAD, random, TextRank/MMR)
signals.py  what the engine prefers: topic sentences, judgements, the valuation section; centrality for ties
cover.py    the cover's own summary (by its heading, else by the cover's structure) and the report's risk section
"""
