"""A StrategyProposal → .xlsx sheets (组合, 信号, 历史检验, 研报行业观点, 基金风格): numbers as numbers."""

from __future__ import annotations

from agents.strategy.models import DIRECTION_LABEL, ROLE_LABEL, StrategyProposal
from agents.strategy.render import SIGNAL_VALUE_MEANING
from tools.xlsx import Column, Sheet

POSITION_COLUMNS = (Column("role", "角色"), Column("code", "代码"), Column("name", "名称"),
                    Column("weight", "权重", "percent"), Column("reason", "理由"), Column("basis", "依据"))
SIGNAL_COLUMNS = (Column("label", "信号"), Column("direction", "判断"), Column("value", "数值", "float", "0.00"),
                  Column("unit", "单位"), Column("as_of", "数据月份"), Column("window", "数据窗口"),
                  Column("missing", "缺失月份"), Column("rule", "规则"))
BACKTEST_COLUMNS = (Column("label", "信号"), Column("comparison", "对比"), Column("hit_rate", "命中率", "percent", "0%"),
                    Column("hits", "命中月数", "int"), Column("n", "样本月数", "int"), Column("neutral", "中性月数", "int"),
                    Column("start", "起始月"), Column("end", "截止月"), Column("lag", "发布滞后（月）", "int"))
VIEW_COLUMNS = (Column("industry", "行业"), Column("rating", "评级"), Column("broker", "券商"), Column("title", "研报"),
                Column("date", "日期"), Column("page", "页（PDF 页码）", "int"), Column("quote", "原文"))
FUND_COLUMNS = (Column("code", "代码"), Column("name", "名称"), Column("label", "风格"),
                Column("confidence", "置信度（0–1）", "float"), Column("detail", "倾向"))
SIGNAL_UNIT = {"equity_timing": "比例（0–1，显示为 %）", "size_view": "百分点", "growth_value_view": "分（−2…+2）"}


def _signal_row(s) -> dict:
    value = s.value
    return {"label": f"{s.label}（{s.name}）", "direction": DIRECTION_LABEL.get(s.direction, s.direction),
            "value": value, "unit": SIGNAL_UNIT.get(s.name, ""), "as_of": s.as_of,
            "window": "–".join(s.window) if s.window else None, "missing": list(s.missing_months), "rule": s.rule}


def to_sheets(p: StrategyProposal) -> list[Sheet]:
    labels = {s.name: s.label for s in p.signals}
    positions = [{**x.model_dump(), "role": ROLE_LABEL[x.role]} for x in p.positions]
    sheets = [Sheet("组合", POSITION_COLUMNS, positions, p.notice, ["权重：占组合总资产的比例，各仓位合计 100%。"]),
              Sheet("信号", SIGNAL_COLUMNS, [_signal_row(s) for s in p.signals], p.notice,
                    [f"{labels.get(k, k)}：{v}" for k, v in SIGNAL_VALUE_MEANING.items()]),
              Sheet("历史检验", BACKTEST_COLUMNS,
                    [{"label": labels.get(h.signal, h.signal), "comparison": h.comparison, "hit_rate": h.hit_rate,
                      "hits": h.hits, "n": h.n, "neutral": h.neutral, "start": h.period[0] if h.period else None,
                      "end": h.period[1] if h.period else None, "lag": h.release_lag_months} for h in p.backtest],
                    p.notice, ["命中率 = 命中月数 ÷ 有明确方向的月数（中性月份不计入）；空白 = 无可评估月份。"])]
    if p.industry_views:
        sheets.append(Sheet("研报行业观点", VIEW_COLUMNS,
                            [{**v.model_dump(), "page": v.page + 1} for v in p.industry_views], p.notice))
    if p.funds:
        sheets.append(Sheet("基金风格", FUND_COLUMNS, [{**f.model_dump(), "label": f.label_zh} for f in p.funds],
                            p.notice))
    return sheets
