"""Fund-manager style agent (定性+定量识别风格轮动型基金): holdings-based style metrics plus the
manager's own words, combined into a style-rotation / style-stable label.

models.py    StyleIntentDraft / FundSelectionDraft (what a reader proposes), FundStyleResult (checked)
state.py, nodes.py, graph.py   resolve_fund → load_holdings → metrics → read commentary → label
texts.py, commentary.py, lexicon.py   where commentary comes from; LLM or lexicon reading, quotes verified
combine.py   numbers + words → label, tilts, confidence, disagreements
batch.py     the entry points other agents call;  render.py   JSON and CSV;  chat.py   the supervisor's adapter

Entry points (batch.py), importable from the package without loading the graph until first use:
`classify_funds(ctx, codes)`, `classify_fund(ctx, code)`, `fof_fund_selection_survey(ctx)`.
"""

_EXPORTS = ("classify_fund", "classify_funds", "fof_fund_selection_survey")


def __getattr__(name: str):
    if name in _EXPORTS:
        from agents.fund_style import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'agents.fund_style' has no attribute {name!r}")
