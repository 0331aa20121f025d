"""Consensus agent (卖方观点汇总): what brokers agree and disagree on about one stock or theme.

models.py     ConsensusReport and its parts (rating votes, target-price and EPS statistics, topics)
aggregate.py  every number, computed in code from the summaries' extracted fields
topics.py     points grouped by a topic lexicon, each with a stance
render.py     Chinese Markdown, every figure cited to broker, report and page
state.py, nodes.py, graph.py   find the reports → summarize them → aggregate (`graph`)
chat.py       the supervisor's adapter
"""
