"""Concept decomposition agent: a hot concept becomes an industry chain with validated tickers.

models.py    Gathered (the sources), ChainDraft (what a model proposes), ConceptChain (checked)
state.py, nodes.py, graph.py   gather → extractive | LLM draft → validate → cross_check_board → finalize
gather.py    the reports that discuss the concept;  drafts.py   the two generate steps
validate.py  every company checked against the stock master and its cited page
render.py    JSON, CSV, Mermaid and an offline HTML graph;  chat.py   the supervisor's adapter
"""
