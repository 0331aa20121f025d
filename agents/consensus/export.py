"""The batch consensus as an Excel workbook (consensus.xlsx beside consensus.md): one sheet per table a
researcher sorts or pastes — ratings with actions, target prices and upside, forecast dispersion, and the
claim-level divergences. Every value is the computed one from ConsensusReport (nothing re-derived here);
pages are shown as a PDF viewer numbers them (p.1 = page index 0)."""

from __future__ import annotations

from collections.abc import Sequence

from agents.consensus.models import ConsensusReport
from agents.consensus.structured import FORECAST_CV_DIVERGENCE
from tools.xlsx import Column, Sheet


def _page(page: int | None) -> int | None:
    return None if page is None else page + 1


def _ratings(reports: Sequence[ConsensusReport]) -> Sheet:
    rows = [{"subject": r.subject, "broker": v.broker, "rating": v.rating, "bucket": v.bucket, "action": v.action,
             "page": _page(v.page), "report_id": v.report_id}
            for r in reports for v in r.rating_distribution.votes]
    return Sheet("评级", [Column("subject", "对象"), Column("broker", "券商"), Column("rating", "评级（原文）"),
                        Column("bucket", "评级类别"), Column("action", "评级变动"), Column("page", "页码", "int"),
                        Column("report_id", "研报ID")], rows)


def _upside(reports: Sequence[ConsensusReport]) -> Sheet:
    rows = [{"subject": r.subject, "broker": u.broker, "target": u.target_price, "current": u.current_price,
             "upside": u.upside, "target_page": _page(u.target_page), "current_page": _page(u.current_page),
             "report_id": u.report_id}
            for r in reports for u in r.upside]
    return Sheet("目标价与空间", [Column("subject", "对象"), Column("broker", "券商"),
                             Column("target", "目标价（元）", "float"), Column("current", "现价（元）", "float"),
                             Column("upside", "上涨空间", "percent"), Column("target_page", "目标价页码", "int"),
                             Column("current_page", "现价页码", "int"), Column("report_id", "研报ID")], rows,
                 notes=["上涨空间 = 目标价 ÷ 该研报自己写的现价 − 1。"])


def _forecasts(reports: Sequence[ConsensusReport]) -> Sheet:
    rows = [{"subject": r.subject, "metric": s.metric, "year": s.year, "n": s.n, "mean": s.mean, "median": s.median,
             "min": s.min, "max": s.max, "cv": s.cv, "divergent": "是" if s.divergent else "否",
             "brokers": [f"{v.broker} {v.value:g}（p.{_page(v.page)}）" if v.page is not None else f"{v.broker} {v.value:g}"
                         for v in s.values]}
            for r in reports for s in [*r.eps_dispersion, *r.forecast_dispersion]]
    return Sheet("盈利预测分歧", [Column("subject", "对象"), Column("metric", "指标"), Column("year", "年度"),
                             Column("n", "家数", "int"), Column("mean", "均值", "float", "0.000"),
                             Column("median", "中位数", "float", "0.000"), Column("min", "最小", "float", "0.000"),
                             Column("max", "最大", "float", "0.000"), Column("cv", "变异系数", "percent"),
                             Column("divergent", "分歧"), Column("brokers", "各券商（页码）")], rows,
                 notes=["单位：EPS 元/股；营业收入、归母净利润 亿元。",
                        f"变异系数 = 样本标准差 ÷ |均值|；超过 {FORECAST_CV_DIVERGENCE:.0%} 记为分歧。"])


def _divergences(reports: Sequence[ConsensusReport]) -> Sheet:
    rows = [{"subject": r.subject, "topic": d.topic, "metric": d.metric, "types": d.types, "broker": c.broker,
             "text": c.text, "period": c.period, "value": c.value, "stance": c.stance, "page": _page(c.page),
             "report_id": c.report_id}
            for r in reports for d in r.claim_divergences for c in d.claims]
    return Sheet("观点分歧", [Column("subject", "对象"), Column("topic", "主题"), Column("metric", "指标"),
                          Column("types", "分歧类型"), Column("broker", "券商"), Column("text", "原文"),
                          Column("period", "期间"), Column("value", "数值"), Column("stance", "倾向"),
                          Column("page", "页码", "int"), Column("report_id", "研报ID")], rows,
                 notes=["分歧类型：value 数值不同，direction 方向相反，stance 看法相反，self_declared 研报自述分歧。"])


def consensus_sheets(reports: Sequence[ConsensusReport]) -> list[Sheet]:
    return [_ratings(reports), _upside(reports), _forecasts(reports), _divergences(reports)]
