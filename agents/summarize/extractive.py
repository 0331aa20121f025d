"""The offline generate step: deterministic sentence selection and regex field extraction.

Sentences are verbatim slices of their pages, so their citations hold by construction;
they still go through the same verification as LLM output.
"""

from __future__ import annotations

from typing import Sequence

from agents.summarize.models import CitedPoint, EpsForecast, ReportMeta, ReportViews, SummaryDraft
from tools.claims.extract import extract_claims
from tools.report_fields import extract_fields
from tools.sentence_rank import find_section, rank_sentences, summary_from

SUMMARY_SENTENCES = 6
CORE_ARGUMENTS = 5
RISKS = 4


def _subject(meta: ReportMeta) -> str:
    tickers, title = meta.tickers, meta.title or ""
    return f"{title}（{'、'.join(tickers[:3])}）" if tickers and len(tickers) <= 2 else title


def extractive_views(pages: Sequence[tuple[int, str]]) -> ReportViews:
    fields = extract_fields(pages)
    return ReportViews(
        rating=fields.rating, rating_page=fields.rating_page, rating_word=fields.rating_raw,
        rating_action=fields.rating_action, current_price=fields.current_price,
        current_price_page=fields.current_price_page,
        target_price=fields.target_price, target_price_page=fields.target_price_page,
        eps_forecasts=[EpsForecast(year=r.year, eps=r.eps, net_profit=r.net_profit, revenue=r.revenue, pe=r.pe,
                                   page=r.page) for r in fields.eps_forecasts],
    )


def extractive_draft(pages: Sequence[tuple[int, str]], meta: ReportMeta) -> SummaryDraft:
    summary_sentences = rank_sentences(pages, k=SUMMARY_SENTENCES)
    core = rank_sentences(pages, k=CORE_ARGUMENTS, query="核心观点 投资要点 预计 增长 受益")
    risk_sentences = find_section(pages)[:RISKS] or rank_sentences(pages, k=RISKS, query="风险")
    return SummaryDraft(
        subject=_subject(meta),
        summary=summary_from(summary_sentences),
        core_arguments=[CitedPoint(text=s.text, pages=[s.page]) for s in core],
        risks=[CitedPoint(text=s.text, pages=[s.page]) for s in risk_sentences],
        views=extractive_views(pages),
        claims=extract_claims(pages, report_year=_year(meta.date), title=meta.title),
    )


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None
