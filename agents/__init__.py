"""The LangGraph agents. Each package has one shape (state, models, nodes, graph, render, chat);
docs/architecture.md describes it.

supervisor/  the chat graph: guard → rules_router | route_model → run_tools → answer (checked)
summarize/   one report → ReportSummary with verified [page::N] citations; batch runs and output files
consensus/   reports on one subject → ConsensusReport (卖方观点汇总), every number computed in code
concept/     a hot concept → industry chain with companies validated against the stock master
fund_style/  a fund → style-rotation / style-stable label from holdings and the manager's words
strategy/    signals, industry views and fund styles → core + satellite weights and a guarded rationale
llm/         the one model factory, structured output, usage, cost and the token budget
context.py   the run-time Context every node reads (models, limits, paths, shared resources)
reducers.py  state reducers the graphs share
"""
