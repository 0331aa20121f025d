"""卖方观点汇总: what brokers agree and disagree on, computed in code from extracted fields.

Every number (rating counts, target-price range, EPS dispersion) comes from `ReportSummary.views`;
no LLM is involved. Choices, and why:

- Ratings keep the broker's word and a bucket (买入/增持/中性/减持/卖出) from
  `tools.report_fields.normalize_rating`: 强烈推荐/强推 ≈ 买入 (the top of a 5-step scale);
  推荐, 谨慎推荐, 审慎增持, 优于/强于大市, 跑赢行业, 超配 ≈ 增持 (second step, or the top of a
  relative 3-step scale, which is less committal than an absolute 买入); 持有, 标配, 同步大市 ≈ 中性;
  回避, 弱于大市, 跑输行业, 低配 ≈ 减持. 维持/首次/(维持)/-A decorations are stripped first.
- One voice per broker: a broker's latest report counts, earlier ones are listed in notes.
- Target prices, EPS and ratings are compared only across reports on the same stock: the caller's
  ticker, else the one more than half the reports are about (`primary_ticker`). Industry reports in
  the set add their views to the topics only. Sample std (n-1): brokers are a sample of opinions.
- Topics come from a keyword lexicon, stances from a polarity lexicon (longest match first, so
  景气下行 is negative, not 景气). A broker's stance on a topic is the sign of its core arguments
  there, or "risk" when it only lists the topic among its risks: a listed risk is a hedge, not a view,
  so it never makes a divergence; it joins a negative consensus, or brokers share a risk. Topics
  holding the same points are merged (竞争、盈利). Points whose `verified` is False are ignored.
- Dissent needs ≥3 brokers (with two, nobody is "the odd one"): a rating on the other side of the
  buy line (增持 and above) from the median, or ≥2 steps away, or a target price more than
  `tp_threshold` from the median.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence

from agents.schemas import (BrokerValue, ConsensusReport, Dissent, EpsYearStats, RatingDistribution,
                            RatingVote, ReportSummary, TargetPriceStats, TopicPoint, TopicView)
from tools.report_fields import normalize_rating

BUCKETS = ("买入", "增持", "中性", "减持", "卖出")
_ORDINAL = {"买入": 2, "增持": 1, "中性": 0, "减持": -1, "卖出": -2}
_ENGLISH = {"buy": "买入", "strong buy": "买入", "outperform": "增持", "overweight": "增持", "accumulate": "增持",
            "neutral": "中性", "hold": "中性", "market perform": "中性", "underperform": "减持",
            "underweight": "减持", "reduce": "减持", "sell": "卖出"}
_DECORATION = re.compile(r"[（(][^）)]*[）)]|维持|首次覆盖|首次|给予|上调至|下调至|上调|下调|重申|投资评级|评级|[-－][AB]$|[“”\"'「」\s]")
_TICKER = re.compile(r"\d{6}\.(?:SH|SZ|BJ)|\d{4,5}\.HK", re.I)

TOPIC_LEXICON: dict[str, tuple[str, ...]] = {
    "需求": ("需求", "销量", "出货", "订单", "渗透率", "装机"),
    "价格": ("价格", "涨价", "降价", "单价", "均价", "报价", "锂价"),
    "产能": ("产能", "扩产", "投产", "产线", "开工率", "稼动率"),
    "技术": ("技术", "研发", "迭代", "工艺", "专利", "固态", "新品"),
    "政策": ("政策", "补贴", "监管", "法规", "关税"),
    "估值": ("估值", "市盈率", "PE", "目标价", "市值"),
    "竞争": ("竞争", "价格战", "份额", "格局", "集中度", "对手"),
    "海外": ("海外", "出口", "出海", "欧洲", "美国", "全球化"),
    "储能": ("储能",),
    "盈利": ("盈利", "利润", "毛利", "净利", "业绩", "ROE"),
    "成本": ("成本", "原材料", "碳酸锂", "降本"),
}
_POSITIVE = ("上调", "超预期", "高于预期", "好于预期", "加速", "受益", "景气", "回暖", "改善", "高增", "放量",
             "修复", "向好", "提速", "强劲", "旺盛", "看好", "利好", "领先", "突破")
_NEGATIVE = ("下调", "承压", "放缓", "价格战", "不及预期", "低于预期", "谨慎", "下滑", "下行", "恶化", "过剩",
             "拖累", "疲软", "加剧", "减弱", "萎缩", "利空", "景气下行", "景气回落", "需求下滑", "降价")
_POLARITY = {w: 1 for w in _POSITIVE} | {w: -1 for w in _NEGATIVE}
_POLARITY_RE = re.compile("|".join(sorted(map(re.escape, _POLARITY), key=len, reverse=True)))
_STANCE_WORD = {"positive": "看多", "negative": "看空", "neutral": "中性", "risk": "共同风险"}


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


def stance_of(text: str) -> str:
    score = sum(_POLARITY[m] for m in _POLARITY_RE.findall(text))
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def _broker(report: ReportSummary) -> str:
    return report.broker or f"未署名({report.report_id[:8]})"


def _latest_per_broker(reports: Sequence[ReportSummary], notes: list[str]) -> list[ReportSummary]:
    latest: dict[str, tuple[int, ReportSummary]] = {}
    for i, report in sorted(enumerate(reports), key=lambda ir: (ir[1].date or "", ir[0])):
        if (previous := latest.get(_broker(report))) is not None:
            notes.append(f"{_broker(report)} 有多份研报，仅计最新一份 {report.report_id}（略去 {previous[1].report_id}）")
        latest[_broker(report)] = (i, report)
    return [r for _, r in sorted(latest.values(), key=lambda ir: ir[0])]


def _stats(values: list[BrokerValue]) -> dict:
    nums = [v.value for v in values]
    mean = statistics.fmean(nums)
    std = statistics.stdev(nums) if len(nums) > 1 else None
    return dict(n=len(nums), mean=mean, median=statistics.median(nums), min=min(nums), max=max(nums),
                std=std, cv=std / abs(mean) if std is not None and mean else None, values=values)


def _eps_year(year: str) -> str:
    m = re.fullmatch(r"(?:20)?(\d{2})\s*([AEFaef])?", year.strip())
    return f"20{m[1]}{(m[2] or 'E').upper().replace('F', 'E')}" if m else year.strip()


def _points(report: ReportSummary) -> list[TopicPoint]:
    out = []
    for kind, items in (("argument", report.core_arguments), ("risk", report.risks)):
        for p in items:
            if p.verified is not False:
                stance = stance_of(p.text) if kind == "argument" else "negative"
                out.append(TopicPoint(broker=_broker(report), report_id=report.report_id, kind=kind,
                                      text=p.text, pages=list(p.pages), stance=stance))
    return out


def _broker_stance(points: list[TopicPoint]) -> str:
    """Sign of the broker's arguments on a topic; "risk" when it only lists risks there."""
    args = [p for p in points if p.kind == "argument"]
    if not args:
        return "risk"
    score = sum({"positive": 1, "negative": -1}.get(p.stance, 0) for p in args)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def _topics(points: list[TopicPoint], lexicon: Mapping[str, Sequence[str]]) -> tuple[list[TopicView], list[TopicPoint]]:
    grouped: dict[str, list[TopicPoint]] = {}
    unmatched = []
    for point in points:
        hits = [t for t, words in lexicon.items() if any(w.lower() in point.text.lower() for w in words)]
        for topic in hits:
            grouped.setdefault(topic, []).append(point)
        if not hits:
            unmatched.append(point)
    merged: dict[tuple[int, ...], tuple[list[str], list[TopicPoint]]] = {}
    for topic, pts in grouped.items():  # topics holding exactly the same points read as one
        merged.setdefault(tuple(id(p) for p in pts), ([], pts))[0].append(topic)
    views = []
    for names, pts in merged.values():
        brokers = list(dict.fromkeys(p.broker for p in pts))
        stances = {b: _broker_stance([p for p in pts if p.broker == b]) for b in brokers}
        found = set(stances.values())
        if len(brokers) < 2:
            status, stance = "single", None
        elif {"positive", "negative"} <= found:
            status, stance = "divergence", None
        elif found <= {"negative", "risk"}:  # an argued downside and a listed risk point the same way
            status, stance = "consensus", "negative" if "negative" in found else "risk"
        elif len(found) == 1:
            status, stance = "consensus", found.pop()
        else:
            status, stance = "mixed", None
        views.append(TopicView(topic="、".join(names), status=status, stance=stance, brokers=brokers, points=pts))
    order = {"divergence": 0, "consensus": 1, "mixed": 2, "single": 3}
    views.sort(key=lambda v: (order[v.status], -len(v.brokers)))
    return views, unmatched


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
                    tp_threshold: float = 0.15) -> ConsensusReport:
    """Aggregate summaries of one stock, industry or theme into a ConsensusReport."""
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

    votes = [RatingVote(broker=_broker(r), report_id=r.report_id, rating=r.views.rating,
                        bucket=rating_bucket(r.views.rating), page=r.views.rating_page)
             for r in scoped if r.views.rating]
    counts = {b: sum(1 for v in votes if v.bucket == b) for b in BUCKETS}
    notes += [f"{v.broker} 的评级“{v.rating}”无法归类" for v in votes if v.bucket is None]

    prices = [BrokerValue(broker=_broker(r), report_id=r.report_id, value=r.views.target_price,
                          page=r.views.target_price_page)
              for r in scoped if ticker and r.views.target_price is not None]
    target = None
    if prices:
        stats = _stats(prices)
        target = TargetPriceStats(ticker=ticker, spread=stats["max"] / stats["min"] - 1 if stats["min"] else 0.0,
                                  **stats)

    by_year: dict[str, list[BrokerValue]] = {}
    for r in scoped if ticker else []:
        for f in r.views.eps_forecasts:
            if f.eps is not None:
                by_year.setdefault(_eps_year(f.year), []).append(
                    BrokerValue(broker=_broker(r), report_id=r.report_id, value=f.eps, page=f.page))
    eps = [EpsYearStats(year=y, **_stats(v)) for y, v in sorted(by_year.items())]

    # Views on another stock say nothing about this one; industry reports (no ticker) still do.
    used = [r for r in reports if not ticker or primary_ticker(r) in (ticker, None)]
    points = [p for r in used for p in _points(r)]
    topics, unmatched = _topics(points, lexicon)
    dissent = _dissenters(votes, prices, topics, points, tp_threshold)
    return ConsensusReport(
        subject=subject or _subject(scoped, ticker),
        ticker=ticker, report_ids=[r.report_id for r in used],
        brokers=list(dict.fromkeys(_broker(r) for r in used)),
        rating_distribution=RatingDistribution(counts=counts, votes=votes), target_price=target,
        eps_dispersion=eps, topics=topics, other_points=unmatched, dissenters=dissent, notes=notes)


def _cite(broker: str, report_id: str, pages: Sequence[int] | int | None) -> str:
    pages = [pages] if isinstance(pages, int) else pages
    if not pages:
        return f"[{broker} · {report_id}]"
    return "".join(f"[{broker} · {report_id} · p.{p}]" for p in pages)


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _point_line(p: TopicPoint) -> str:
    label = "风险" if p.kind == "risk" else _STANCE_WORD[p.stance]
    return f"{label} · {p.broker}：{p.text} {_cite(p.broker, p.report_id, p.pages)}"


def render_markdown(report: ConsensusReport) -> str:
    """卖方观点汇总 as Chinese Markdown. Page numbers are 0-based, as in `[page::N]`."""
    out = [f"# 卖方观点汇总：{report.subject}", "",
           f"覆盖 {len(report.brokers)} 家券商、{len(report.report_ids)} 份研报：{'、'.join(report.brokers)}。", ""]
    if report.narrative:
        out += [report.narrative.strip(), ""]
    dist = report.rating_distribution
    out += ["## 评级分布", "", "| 评级 | 家数 | 券商（原始评级） |", "| --- | --- | --- |"]
    for bucket, n in dist.counts.items():
        who = "；".join(f"{v.broker}（{v.rating}）{_cite(v.broker, v.report_id, v.page)}"
                       for v in dist.votes if v.bucket == bucket)
        out.append(f"| {bucket} | {n} | {who or '—'} |")
    out.append("")
    if (tp := report.target_price) is not None:
        out += [f"## 目标价（{tp.ticker}，元）", "", "| 家数 | 最低 | 最高 | 均值 | 中位数 | 最高/最低−1 |",
                "| --- | --- | --- | --- | --- | --- |",
                f"| {tp.n} | {_num(tp.min)} | {_num(tp.max)} | {_num(tp.mean)} | {_num(tp.median)} | {tp.spread:.1%} |",
                "", "| 券商 | 目标价 | 出处 |", "| --- | --- | --- |"]
        out += [f"| {v.broker} | {v.value:g} | {_cite(v.broker, v.report_id, v.page)} |"
                for v in tp.values]
        out.append("")
    if report.eps_dispersion:
        out += ["## EPS 预测分歧（元/股）", "", "| 年度 | 家数 | 均值 | 最低 | 最高 | 标准差 | 变异系数 | 各家预测 |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for e in report.eps_dispersion:
            each = "；".join(f"{v.broker} {v.value:g} {_cite(v.broker, v.report_id, v.page)}"
                            for v in e.values)
            cv = "—" if e.cv is None else f"{e.cv:.1%}"
            out.append(f"| {e.year} | {e.n} | {_num(e.mean)} | {_num(e.min)} | {_num(e.max)} | {_num(e.std, 3)} | {cv} | {each} |")
        out.append("")
    for title, status in (("共识", "consensus"), ("分歧", "divergence"), ("其他共同议题", "mixed")):
        views = [t for t in report.topics if t.status == status]
        if not views and status == "mixed":
            continue
        out += [f"## {title}", ""]
        for t in views:
            head = f"- **{t.topic}**（{_STANCE_WORD[t.stance]}）" if t.stance else f"- **{t.topic}**"
            out += [f"{head}：{'、'.join(t.brokers)}"] + [f"  - {_point_line(p)}" for p in t.points]
        out += ([] if views else ["- 无"]) + [""]
    if report.dissenters:
        out += ["## 谁持不同意见", ""]
        for d in report.dissenters:
            out.append(f"- **{d.broker}**（{d.report_id}）：{'；'.join(d.reasons)}")
            out += [f"  - {_point_line(p)}" for p in d.points]
        out.append("")
    if report.notes:
        out += ["## 说明", ""] + [f"- {n}" for n in report.notes] + [""]
    out.append("数字均由程序从各研报提取的字段计算；页码从 0 开始，与 [page::N] 一致。")
    return "\n".join(out) + "\n"
