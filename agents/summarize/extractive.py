"""The offline generate step: the cover's own summary or ranked sentences to a budget, and regex fields.

Sentences are verbatim slices of their pages, so their citations hold by construction; they still go
through the same verification as LLM output. What the engine does, and why (measured in
benchmarks/extractive_rouge.py):
- 摘要: the cover's 投资要点/核心观点 when it has one (the author's own summary), else sentences chosen by
  `tools.extractive.select.rank(...).summary` to a budget that follows the input's length (`Budget`).
- 核心观点: the next-best sentences not already in the 摘要; 风险提示: only the report's risk section, or
  nothing. No sentence appears in two sections; a sentence that needs the one before it (2.、二是、此外…)
  comes with it or not at all.
"""

from __future__ import annotations

import re
from typing import Sequence

from agents.summarize.models import CitedPoint, EpsForecast, ReportMeta, ReportViews, SummaryDraft
from tools.claims.extract import extract_claims
from tools.claims.subject_costs import for_industry, industry_of
from tools.extractive.cover import cover_summary, risk_section
from tools.extractive.select import NEEDS_ANTECEDENT, Budget, budget_for, rank, sentence_key
from tools import cover_fields as cf
from tools.report_fields import ExtractedFields, extract_fields
from tools.sentence_rank import PageSentence, collect_sentences, summary_from

CORE_ARGUMENTS = 5
RISKS = 4


def stock_name(pages: Sequence[tuple[int, str]], title: str) -> str | None:
    """The covered company's name: the cover's `名称（代码）` line or label, else a title that opens on it."""
    if pages:
        found = cf.stock(cf.cover_lines(min(pages, key=lambda p: p[0])[1]))
        if found and found[1]:
            return found[1]
    m = re.match(r"^([\u4e00-\u9fffA-Z]{2,8})(?:[（(]\d{6}|[：:])", title or "")
    return m[1] if m else None


def _subject(meta: ReportMeta, name: str | None) -> str:
    """The company (name + code) for a company report (one stock named); else the title."""
    tickers, title = meta.tickers, meta.title or ""
    if name and len(tickers) == 1:
        return f"{name}（{tickers[0]}）"
    return f"{title}（{'、'.join(tickers[:3])}）" if tickers and len(tickers) <= 2 else title


def extractive_views(pages: Sequence[tuple[int, str]], fields: ExtractedFields | None = None) -> ReportViews:
    """The structured views read in code; `fields`: the pages' `extract_fields`, when the caller has them."""
    fields = extract_fields(pages) if fields is None else fields
    return ReportViews(
        rating=fields.rating, rating_page=fields.rating_page, rating_word=fields.rating_raw,
        rating_action=fields.rating_action, current_price=fields.current_price,
        current_price_page=fields.current_price_page,
        target_price=fields.target_price, target_price_page=fields.target_price_page,
        eps_forecasts=[EpsForecast(year=r.year, eps=r.eps, net_profit=r.net_profit, revenue=r.revenue, pe=r.pe,
                                   page=r.page) for r in fields.eps_forecasts],
    )


def _fresh(sentences, used: set[str], limit: int):
    """Up to `limit` sentences not already used (nor contained in, nor containing, one used)."""
    out = []
    for s in sentences:
        key = sentence_key(s.text)  # "，" and "," or a trailing "。" make no new sentence
        if not key or any(key in u or u in key for u in used):
            continue
        used.add(key)
        out.append(s)
        if len(out) == limit:
            break
    return out


def _cover_sentences(cover: Sequence[PageSentence]) -> list[PageSentence]:
    """The cover's summary as the author wrote it: a sentence that needs the one before it (2、… 此外…) is
    kept when that one is kept, so only a summary's opening fragment is dropped."""
    kept: list[PageSentence] = []
    for s in cover:
        if not NEEDS_ANTECEDENT.match(s.text) or (kept and kept[-1].position == s.position - 1):
            kept.append(s)
    return kept


def extractive_draft(pages: Sequence[tuple[int, str]], meta: ReportMeta, budget: Budget = Budget(), *,
                     use_cover: bool = True) -> SummaryDraft:
    """The offline draft. `use_cover=False` ranks the 摘要 even when the cover has its own (what the
    benchmark checks the ranked path with)."""
    risks_found = risk_section(pages)
    pool = collect_sentences(pages)
    ranking = rank(pages, pool=pool, risks=risks_found)  # once, for the 摘要 (when ranked) and the 核心观点
    limit = budget_for(pool.candidates, budget)
    cover = cover_summary(pages) if use_cover else []
    chosen = _cover_sentences(cover) or ranking.summary(limit)
    used: set[str] = set()
    summary = _fresh(chosen, used, len(chosen))
    ranked = ranking.order(coverage=True)
    core = _fresh([s for s in ranked if s.position not in ranking.dependent], used, CORE_ARGUMENTS)
    core.sort(key=lambda s: s.position)
    risks = _fresh(risks_found, used, RISKS)
    fields = extract_fields(pages)  # read once: the views, and the claims' bare forecasts against the prior year
    views = extractive_views(pages, fields)
    return SummaryDraft(
        subject=_subject(meta, stock_name(pages, meta.title)),
        summary=summary_from(summary),
        core_arguments=[CitedPoint(text=s.text, pages=[s.page]) for s in core],
        risks=[CitedPoint(text=s.text, pages=[s.page]) for s in risks],
        views=views,
        claims=_claims(pages, report_year=_year(meta.date), title=meta.title, fields=fields),
    )


def _claims(pages: Sequence[tuple[int, str]], **kwargs) -> list:
    """The report's claims, each read for the subject's industry the cover names (what its prices mean to it:
    tools.claims.subject_costs)."""
    from tools.claims.metric_identity import one_quantity_links
    from tools.claims.topics import unify_topics

    with for_industry(industry_of(min(pages)[1]) if pages else None):
        claims = extract_claims(pages, **kwargs)
    return unify_topics(claims, one_quantity_links(claims))  # a quantity restated in other words: one topic


def complete_draft(draft: SummaryDraft, pages: Sequence[tuple[int, str]], meta: ReportMeta) -> SummaryDraft:
    """An LLM draft through the same code as the offline one: the structured fields the model left empty
    come from the cover and tables; its claims get their metric, period, value and direction from
    `tools.claims` (numbers are read in code, the model's stance is kept); with no claims from the model,
    the rules supply them. The subject names the company for a company report."""
    from tools.claims.extract import claim_from_text
    from tools.claims.metric_identity import one_quantity_links
    from tools.claims.parts import quantity_parts
    from tools.claims.topics import unify_topics

    fields = extract_fields(pages)
    code = extractive_views(pages, fields)
    views = draft.views.model_copy(update={k: getattr(code, k) for k in ReportViews.model_fields
                                           if getattr(draft.views, k) in (None, []) and getattr(code, k) not in (None, [])})
    year = _year(meta.date)
    # a sentence stating several quantities with their own figures is one claim per quantity, as on the offline path
    claims = [claim_from_text(reading, c.page, year).model_copy(update={
        "text": text, "stance": c.stance, "self_declared": c.self_declared or claim_from_text(text, c.page).self_declared})
        for c in draft.claims for text, reading in quantity_parts(c.text).parts]
    claims = unify_topics(claims, one_quantity_links(claims)) if claims else _claims(pages, report_year=year, title=meta.title, fields=fields)
    name = stock_name(pages, meta.title)
    subject = _subject(meta, name) if name and len(meta.tickers) == 1 else draft.subject
    return draft.model_copy(update={"views": views, "claims": claims, "subject": subject})


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None
