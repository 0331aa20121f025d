"""卖方观点汇总: what brokers agree and disagree on, computed in code from extracted fields.

Every number (rating counts, target-price range, EPS dispersion) comes from `ReportSummary.views`;
no LLM is involved. Choices, and why:

- Ratings keep the broker's word and a bucket (买入/增持/中性/减持/卖出) from
  `tools.report_fields.normalize_rating`: 强烈推荐/强推 ≈ 买入 (the top of a 5-step scale);
  推荐, 谨慎推荐, 审慎增持, 优于/强于大市, 跑赢行业, 超配 ≈ 增持 (second step, or the top of a
  relative 3-step scale, which is less committal than an absolute 买入); 持有, 标配, 同步大市 ≈ 中性;
  回避, 弱于大市, 跑输行业, 低配 ≈ 减持. 维持/首次/(维持)/-A decorations are stripped first. Where the
  report prints its own scale and the word's band decides it (西南证券's 持有 = 10–20 %: 增持), that wins
  (tools/rating_scale.py, applied when the fields are read).
- One voice per broker: a broker's latest report counts, earlier ones are listed in notes.
- Target prices, EPS and ratings are compared only across reports on the same stock: the caller's
  ticker, else the one more than half the reports are about (`primary_ticker`). Industry reports in
  the set add their views to the topics only. Sample std (n-1): brokers are a sample of opinions.
- Topics come from a keyword lexicon, stances from a polarity lexicon (`agents.consensus.topics`).
  Points whose `verified` is False are ignored.
- Dissent needs ≥3 brokers (with two, nobody is "the odd one"): a rating on the other side of the
  buy line (增持 and above) from the median, or ≥2 steps away, or a target price more than
  `tp_threshold` from the median.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from agents.consensus.claim_similarity import Encode
from agents.consensus.claim_views import claim_divergences, claim_topics
from agents.consensus.claim_worth import HEAD, Head, may_diverge
from agents.consensus.models import (BrokerValue, ConsensusReport, Dissent, RatingDistribution, RatingVote,
                                     TargetPriceStats, TopicPoint, TopicView)
from agents.consensus.restated import restated_topics
from agents.consensus.structured import TARGET_SPREAD_DIVERGENCE, forecast_dispersion, upsides, value_stats
from agents.consensus.topics import TOPIC_LEXICON, group_topics, stance_of
from agents.summarize.models import ReportSummary
from tools.report_fields import normalize_rating

BUCKETS = ("买入", "增持", "中性", "减持", "卖出")
_ORDINAL = {"买入": 2, "增持": 1, "中性": 0, "减持": -1, "卖出": -2}
_ENGLISH = {"buy": "买入", "strong buy": "买入", "outperform": "增持", "overweight": "增持", "accumulate": "增持",
            "neutral": "中性", "hold": "中性", "market perform": "中性", "underperform": "减持",
            "underweight": "减持", "reduce": "减持", "sell": "卖出"}
_DECORATION = re.compile(r"[（(][^）)]*[）)]|维持|首次覆盖|首次|给予|上调至|下调至|上调|下调|重申|投资评级|评级|[-－][AB]$|[“”\"'「」\s]")
_TICKER = re.compile(r"\d{6}\.(?:SH|SZ|BJ)|\d{4,5}\.HK", re.I)


def rating_bucket(word: str | None) -> str | None:
    """买入/增持/中性/减持/卖出 for a broker's rating word ("强烈推荐-A", "买入（维持）"); None if unknown."""
    if not word:
        return None
    tidy = _DECORATION.sub("", word.strip())
    return normalize_rating(tidy) or _ENGLISH.get(word.strip().lower())


def primary_ticker(report: ReportSummary) -> str | None:
    """The stock a report is about: a code in its subject ("宁德时代(300750.SZ)"), else its only ticker,
    else, when it gives a target price (a company report), the first ticker it names (the cover's)."""
    named = [t.upper() for t in _TICKER.findall(report.subject or "")]
    for ticker in report.tickers:
        if ticker.upper() in named:
            return ticker
    if named:
        return named[0]
    if len(report.tickers) == 1 or (report.tickers and report.views.target_price is not None):
        return report.tickers[0]
    return None


def _broker(report: ReportSummary) -> str:
    return report.broker or f"未署名({report.report_id[:8]})"


def _latest_per_broker(reports: Sequence[ReportSummary], notes: list[str]) -> list[ReportSummary]:
    latest: dict[str, tuple[int, ReportSummary]] = {}
    for i, report in sorted(enumerate(reports), key=lambda ir: (ir[1].date or "", ir[0])):
        if (previous := latest.get(_broker(report))) is not None:
            notes.append(f"{_broker(report)} 有多份研报，仅计最新一份 {report.report_id}（略去 {previous[1].report_id}）")
        latest[_broker(report)] = (i, report)
    return [r for _, r in sorted(latest.values(), key=lambda ir: ir[0])]


def _points(report: ReportSummary) -> list[TopicPoint]:
    out = []
    for kind, items in (("argument", report.core_arguments), ("risk", report.risks)):
        for p in items:
            if p.verified is not False:
                stance = stance_of(p.text) if kind == "argument" else "negative"
                out.append(TopicPoint(broker=_broker(report), report_id=report.report_id, kind=kind,
                                      text=p.text, pages=list(p.pages), stance=stance))
    return out


def _dissenters(votes: list[RatingVote], prices: list[BrokerValue], topics: list[TopicView],
                points: list[TopicPoint], tp_threshold: float) -> list[Dissent]:
    reasons: dict[tuple[str, str], list[str]] = {}
    ranked = [v for v in votes if v.bucket]
    if len(ranked) >= 3:
        mid = statistics.median(_ORDINAL[v.bucket] for v in ranked)
        for v in ranked:
            own = _ORDINAL[v.bucket]
            if abs(own - mid) >= 2 or (mid >= 1 > own) or (own >= 1 > mid and mid != 0.5):
                word = "高于" if own > mid else "低于"
                label = v.rating if v.rating == v.bucket else f"{v.rating}（{v.bucket}）"
                reasons.setdefault((v.broker, v.report_id), []).append(f"评级 {label}{word}多数券商")
    if len(prices) >= 3:
        mid = statistics.median(p.value for p in prices)
        for p in prices:
            gap = p.value / mid - 1
            if abs(gap) > tp_threshold:
                reasons.setdefault((p.broker, p.report_id), []).append(
                    f"目标价 {p.value:g} 元较中位数 {mid:g} 元{'高' if gap > 0 else '低'} {abs(gap):.1%}")
    divergent = {t.topic for t in topics if t.status == "divergence"}
    out = []
    for (broker, report_id), why in reasons.items():
        own = [p for p in points if p.report_id == report_id]
        in_divergence = [p for t in topics if t.topic in divergent for p in t.points if p.report_id == report_id]
        chosen = list({id(p): p for p in in_divergence}.values()) or own
        out.append(Dissent(broker=broker, report_id=report_id, reasons=why, points=chosen[:5]))
    return out


def _subject(reports: list[ReportSummary], ticker: str | None) -> str:
    named = [r.subject for r in reports if ticker and ticker.upper() in (r.subject or "").upper()]
    return named[0] if named else ticker or "多份研报"


def build_consensus(reports: Sequence[ReportSummary], *, subject: str | None = None, ticker: str | None = None,
                    lexicon: Mapping[str, Sequence[str]] = TOPIC_LEXICON,
                    tp_threshold: float = 0.15, encode: Encode | None = None,
                    worth_head: Head | Path | None = HEAD) -> ConsensusReport:
    """Aggregate summaries of one stock, industry or theme into a ConsensusReport; `encode`: a sentence encoder
    that also ties claims by meaning (agents.consensus.claim_similarity; None: the metric rules alone) and, with
    `worth_head`, keeps sentences the head scores as no claim out of divergences (agents.consensus.claim_worth)."""
    notes: list[str] = []
    reports = _latest_per_broker(list(reports), notes)
    if ticker is None:
        counts = Counter(t for r in reports if (t := primary_ticker(r)))
        if counts and counts.most_common(1)[0][1] * 2 > len(reports):
            ticker = counts.most_common(1)[0][0]
    scoped = reports
    if ticker:
        scoped = [r for r in reports if primary_ticker(r) == ticker]
        for r in reports:
            if (other := primary_ticker(r)) is None:
                notes.append(f"{_broker(r)} {r.report_id} 为行业/主题研报：观点计入议题，评级、目标价与 EPS 未计入")
            elif other != ticker:
                notes.append(f"{_broker(r)} {r.report_id} 的对象是 {other}，不是 {ticker}：未计入")
    else:
        notes.append("研报不针对同一只股票，目标价与 EPS 不作汇总")

    votes = [RatingVote(broker=_broker(r), report_id=r.report_id, rating=r.views.rating_word or r.views.rating,
                        bucket=rating_bucket(r.views.rating), action=r.views.rating_action, page=r.views.rating_page)
             for r in scoped if r.views.rating]
    counts = {b: sum(1 for v in votes if v.bucket == b) for b in BUCKETS}
    notes += [f"{v.broker} 的评级“{v.rating}”无法归类" for v in votes if v.bucket is None]

    prices = [BrokerValue(broker=_broker(r), report_id=r.report_id, value=r.views.target_price,
                          page=r.views.target_price_page)
              for r in scoped if ticker and r.views.target_price is not None]
    target = None
    if prices:
        stats = value_stats(prices)
        target = TargetPriceStats(ticker=ticker, spread=stats["max"] / stats["min"] - 1 if stats["min"] else 0.0,
                                  **stats)
        if target.spread > TARGET_SPREAD_DIVERGENCE:
            notes.append(f"目标价分歧：最高/最低−1 为 {target.spread:.1%}，超过 {TARGET_SPREAD_DIVERGENCE:.0%}")
    forecasts = forecast_dispersion(scoped if ticker else [], _broker)

    # Views on another stock say nothing about this one; industry reports (no ticker) still do.
    used = [r for r in reports if not ticker or primary_ticker(r) in (ticker, None)]
    points = [p for r in used for p in _points(r)]
    claims = [(_broker(r), r.report_id, c) for r in used  # a view restated in other words: one topic (restated)
              for c in restated_topics([c for c in r.claims if c.verified is not False], encode)]
    divergences = claim_divergences(claims, company_report=ticker is not None, encode=encode,
                                    may_pair=may_diverge([c for _, _, c in claims], encode, worth_head))
    if any(r.claims for r in used):  # each claim once, under its own topic
        topics, unmatched = claim_topics(claims, divergences), []
    else:  # summaries made before claims existed: the keyword grouping of their points
        topics, unmatched = group_topics(points, lexicon)
    dissent = _dissenters(votes, prices, topics, points, tp_threshold)
    return ConsensusReport(
        subject=subject or _subject(scoped, ticker),
        ticker=ticker, report_ids=[r.report_id for r in used],
        brokers=list(dict.fromkeys(_broker(r) for r in used)),
        rating_distribution=RatingDistribution(counts=counts, votes=votes), target_price=target,
        eps_dispersion=forecasts["EPS"], forecast_dispersion=forecasts["营业收入"] + forecasts["归母净利润"],
        upside=upsides(scoped if ticker else [], _broker), claim_divergences=divergences, topics=topics, other_points=unmatched, dissenters=dissent, notes=notes)
