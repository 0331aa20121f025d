"""Check every citation of a draft against the page texts and build the final ReportSummary.

Unsupported sentences and points are moved to `flagged` (with the reason), never kept in
the summary; so are sentences that are instructions to a model (text a report smuggled in, even
when it is quoted verbatim and so "supported"); a number in the structured views that its page does
not show is dropped.
"""

from __future__ import annotations

from agents.summarize.models import (CitationStats, CitedPoint, EpsForecast, ReportMeta, ReportSummary, ReportViews,
                                     SummaryDraft)
from tools.claims.model import Claim
from tools.cover_fields import bucket
from tools.citations import Verification, figure_on_page, verify_point, verify_summary
from tools.injection import looks_like_injection
from tools.report_fields import ExtractedFields, cover_rating
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


def check_claims(claims: list[Claim], texts: dict[int, str], flagged: list[CitedPoint]) -> list[Claim]:
    """Claims whose text its cited page supports (the check summary points get); the rest are flagged."""
    kept = []
    for claim in claims:
        result = _checked(claim.text, verify_point(claim.text, [claim.page], texts))
        if result.verified:
            also = [p for p in claim.also_pages if p in texts and p != claim.page]
            kept.append(claim.model_copy(update={"verified": True, "also_pages": also}))
        else:
            flagged.append(CitedPoint(text=claim.text, pages=[claim.page], verified=False, reason=result.reason))
    return kept


def _on_page(value, page: int | None, texts: dict[int, str]) -> bool:
    return page is not None and page in texts and figure_on_page(value, texts[page])


def _money_on_page(name: str, value: float, page: int | None, texts: dict[int, str]) -> bool:
    """Net profit and revenue are held in 亿元; the page may print them in 百万元 or 万元 (12,480百万元 = 124.8亿元)."""
    if _on_page(value, page, texts):
        return True
    return name in ("net_profit", "revenue") and any(
        _on_page(round(value * factor, 6), page, texts) for factor in (100, 10000))


def _cover_checked(views: ReportViews, cover: ExtractedFields, flagged: list[CitedPoint]) -> ReportViews:
    """The rating is the cover's. A model's rating stays only when it is one rating word naming the cover's
    rating: a word that merely occurs in the report (its rating legend, its disclaimer, the prompt's list of
    ratings copied back) proves nothing. Otherwise the cover's rating replaces it, or none, and it is flagged."""
    said = (views.rating or "").strip()
    if said and bucket(said) != cover.rating:
        why = (f"封面评级为“{cover.rating_raw}”" if cover.rating else "封面没有评级") + \
            ("，模型评级不是单一评级词" if bucket(said) is None else "，与模型评级不符")
        fix = "：改用封面评级" if cover.rating else "：不采用"
        flagged.append(CitedPoint(text=f"评级：{said}", pages=[] if views.rating_page is None else [views.rating_page],
                                  verified=False, reason=why + fix))
    return views.model_copy(update={"rating": cover.rating, "rating_page": cover.rating_page,
                                    "rating_word": cover.rating_raw, "rating_action": cover.rating_action})


def check_views(views: ReportViews, texts: dict[int, str], flagged: list[CitedPoint],
                cover: ExtractedFields) -> ReportViews:
    views = _cover_checked(views, cover, flagged)
    rating, rating_page = views.rating, views.rating_page
    shown = views.rating_word or rating  # 推荐 on the page stands for the bucket 增持
    if rating and not (rating_page in texts and squash(shown) in squash(texts[rating_page])):
        flagged.append(CitedPoint(text=f"评级：{rating}", pages=[rating_page] if rating_page is not None else [],
                                  verified=False, reason="评级不在引用页中"))
        rating, rating_page = None, None
    price, price_page = views.target_price, views.target_price_page
    if price is not None and not _on_page(price, price_page, texts):
        flagged.append(CitedPoint(text=f"目标价：{price} 元", pages=[price_page] if price_page is not None else [],
                                  verified=False, reason=f"数字 {price:g} 不在引用页中"))
        price, price_page = None, None
    current, current_page = views.current_price, views.current_price_page
    if current is not None and not _on_page(current, current_page, texts):
        flagged.append(CitedPoint(text=f"当前股价：{current} 元", pages=[current_page] if current_page is not None else [],
                                  verified=False, reason=f"数字 {current:g} 不在引用页中"))
        current, current_page = None, None
    word = views.rating_word if rating else None
    eps: list[EpsForecast] = []
    for row in views.eps_forecasts:
        values = {name: getattr(row, name) for name in ("eps", "net_profit", "revenue", "pe")}
        bad = [name for name, v in values.items() if v is not None and not _money_on_page(name, v, row.page, texts)]
        for name in bad:
            flagged.append(CitedPoint(text=f"{row.year} {name}：{values[name]}", pages=[row.page] if row.page is not None else [],
                                      verified=False, reason="数字不在引用页中"))
        clean = row.model_copy(update={name: None for name in bad})
        if any(getattr(clean, n) is not None for n in values):
            eps.append(clean)
    return ReportViews(rating=rating, rating_page=rating_page, rating_word=word,
                       rating_action=views.rating_action if rating else None, target_price=price,
                       target_price_page=price_page, current_price=current, current_price_page=current_page,
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
    claims = check_claims(draft.claims, texts, flagged)
    return ReportSummary(
        report_id=meta.report_id, source=meta.source, page_count=len(pages) if meta.page_count is None else meta.page_count,
        title=meta.title, broker=meta.broker, date=meta.date, tickers=list(meta.tickers), subject=draft.subject,
        summary="".join(kept).strip(),
        core_arguments=core, risks=risks, claims=claims, views=check_views(draft.views, texts, flagged, cover_rating(pages)),
        flagged=flagged,
        citations=stats,
    )
