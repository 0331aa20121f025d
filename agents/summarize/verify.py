"""Check every citation of a draft against the page texts and build the final ReportSummary.

Unsupported sentences and points are moved to `flagged` (with the reason), never kept in
the summary; a number in the structured views that its page does not show is dropped.
"""

from __future__ import annotations

from agents.summarize.models import (CitationStats, CitedPoint, EpsForecast, ReportMeta, ReportSummary, ReportViews,
                                     SummaryDraft)
from tools.citations import figure_on_page, verify_point, verify_summary
from tools.text import squash


def _check_points(points: list[CitedPoint], texts: dict[int, str], flagged: list[CitedPoint],
                  stats: CitationStats) -> list[CitedPoint]:
    kept = []
    for point in points:
        result = verify_point(point.text, point.pages, texts)
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
    stats = CitationStats(sentences=checked.sentences, cited=checked.cited, verified=checked.verified,
                          dropped=checked.dropped)
    flagged = [CitedPoint(text=c.sentence.text, pages=c.sentence.pages, verified=False, reason=c.verification.reason)
               for c in checked.checks if not c.verification.verified]
    core = _check_points(draft.core_arguments, texts, flagged, stats)
    risks = _check_points(draft.risks, texts, flagged, stats)
    return ReportSummary(
        report_id=meta.report_id, source=meta.source, page_count=len(pages) if meta.page_count is None else meta.page_count,
        title=meta.title, broker=meta.broker, date=meta.date, tickers=list(meta.tickers), subject=draft.subject,
        summary=checked.verified_text,
        core_arguments=core, risks=risks, views=check_views(draft.views, texts, flagged), flagged=flagged,
        citations=stats,
    )
