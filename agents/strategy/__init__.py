"""Strategy proposal: core + satellite allocation from computed signals, industry views and fund styles.

models.py    StrategyProposal and its parts; RationaleDraft (the only thing a model writes)
state.py, nodes.py, graph.py   signals ∥ industry views ∥ fund styles → allocate → rationale → finalize
allocation.py, candidates.py, etfs.py   fixed weighting rules and the instruments they weight
views.py, funds.py   industry ratings read from the library; fund-style results for the core
facts.py, rationale.py, guard.py   the computed facts, the two rationale engines, the sentence guard
render.py    JSON and Markdown;  chat.py   the supervisor's adapter
"""
