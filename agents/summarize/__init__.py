"""Report summarization agent: per-report summaries with verified [page::N] citations.

models.py    ReportMeta, SummaryDraft / PageNotes (what a model proposes), ReportSummary (checked)
state.py, nodes.py, graph.py   load_report → extractive | LLM (map-reduce when long) → verify_draft
extractive.py, llm_draft.py   the two generate steps;  verify.py   every citation checked on its page
batch.py, outputs.py   resumable, budget-aware batch runs and their output folder
render.py    Markdown of one summary;  chat.py   the supervisor's adapter
"""
