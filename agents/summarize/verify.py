"""Check every citation of a draft against the page texts and build the final ReportSummary.

Unsupported sentences and points are moved to `flagged` (with the reason), never kept in
the summary; so are sentences that are instructions to a model (text a report smuggled in, even
when it is quoted verbatim and so "supported"); a number in the structured views that its page does
not show is dropped.
"""

from __future__ import annotations

from agents.summarize.models import (CitationStats, CitedPoint, EpsForecast, ReportMeta, ReportSummary, ReportViews,
                                     SummaryDraft)
from tools.citations import Verification, figure_on_page, verify_point, verify_summary
from tools.injection import looks_like_injection
from tools.text import squash

INSTRUCTION = "指令性语句（来自文档的指令，不是研报观点）"


def _checked(text: str, result: Verification) -> Verification:
    """A supported sentence that addresses a model is dropped all the same."""
    return Verification(False, INSTRUCTION, result.supporting_pages, result.overlap) if looks_like_injection(text) else result


def _check_points(points: list[CitedPoint], texts: dict[int, str], flagged: list[CitedPoint],
                  stats: CitationStats) -> list[CitedPoint]:
    kept = []
    for point in points:
        result = _checked(point.text, verify_point(point.text, point.pages, texts))
        stats.sentences += 1
        stats.cited += bool(point.pages)
        checked = point.model_copy(update={"verified": result.verified, "reason": result.reason})
        if result.verified:
            stats.verified += 1
            kept.append(checked)
        else:
            stats.dropped += 1
            flagged.append(checked)
    return kept


def _on_page(value, page: int | None, texts: dict[int, str]) -> bool:
    return page is not None and page in texts and figure_on_page(value, texts[page])


def check_views(views: ReportViews, texts: dict[int, str], flagged: list[CitedPoint]) -> ReportViews:
    rating, rating_page = views.rating, views.rating_page
    if rating and not (rating_page in texts and squash(rating) in squash(texts[rating_page])):
        flagged.append(CitedPoint(text=f"评级：{rating}", pages=[rating_page] if rating_page is not None else [],
                                  verified=False, reason="评级不在引用页中"))
        rating, rating_page = None, None
    price, price_page = views.target_price, views.target_price_page
    if price is not None and not _on_page(price, price_page, texts):
        flagged.append(CitedPoint(text=f"目标价：{price} 元", pages=[price_page] if price_page is not None else [],
                                  verified=False, reason=f"数字 {price:g} 不在引用页中"))
        price, price_page = None, None
    eps: list[EpsForecast] = []
    for row in views.eps_forecasts:
        values = {name: getattr(row, name) for name in ("eps", "net_profit", "revenue", "pe")}
        bad = [name for name, v in values.items() if v is not None and not _on_page(v, row.page, texts)]
        for name in bad:
            flagged.append(CitedPoint(text=f"{row.year} {name}：{values[name]}", pages=[row.page] if row.page is not None else [],
                                      verified=False, reason="数字不在引用页中"))
        clean = row.model_copy(update={name: None for name in bad})
        if any(getattr(clean, n) is not None for n in values):
            eps.append(clean)
    return ReportViews(rating=rating, rating_page=rating_page, target_price=price, target_price_page=price_page,
                       eps_forecasts=eps)


def build_summary(draft: SummaryDraft, pages: list[tuple[int, str]], meta: ReportMeta) -> ReportSummary:
    texts = dict(pages)
    checked = verify_summary(draft.summary, texts)
    checks = [(c.sentence, _checked(c.sentence.text, c.verification)) for c in checked.checks]
    kept = [sentence.raw for sentence, result in checks if result.verified]
    stats = CitationStats(sentences=checked.sentences, cited=checked.cited, verified=len(kept),
                          dropped=len(checks) - len(kept))
    flagged = [CitedPoint(text=sentence.text, pages=sentence.pages, verified=False, reason=result.reason)
               for sentence, result in checks if not result.verified]
    core = _check_points(draft.core_arguments, texts, flagged, stats)
    risks = _check_points(draft.risks, texts, flagged, stats)
    return ReportSummary(
        report_id=meta.report_id, source=meta.source, page_count=len(pages) if meta.page_count is None else meta.page_count,
        title=meta.title, broker=meta.broker, date=meta.date, tickers=list(meta.tickers), subject=draft.subject,
        summary="".join(kept).strip(),
        core_arguments=core, risks=risks, views=check_views(draft.views, texts, flagged), flagged=flagged,
        citations=stats,
    )
