"""Which ETF stands for an industry or a style: a documented table, and the largest ETF per index.

The spot ETF list (fund_etf_spot_em) has no "tracked index" column, so the index an ETF tracks is
read from its short name with TRACKED (longest keyword wins: 新能源车ETF is 新能源车, not 新能源).
Among the ETFs of one tracked index the largest by total scale (总市值), then turnover (成交额),
is chosen, as seed 004 §2.4 does ("每个指数在当期所有对应ETF中筛选出规模最大的一只").

THEMES maps an industry as reports name it to a tracked index: a report about 储能 or 锂电 is a view
on the 新能源 index; one about 智能驾驶 on 新能源车. An industry whose index has no ETF in the list
(e.g. 低空经济 today) gets no satellite, and the proposal says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Theme:
    industry: str  # the tracked index / theme as shown to users
    report_words: tuple[str, ...]  # words in a report title or rating sentence meaning this industry


# Industry themes (satellites from report views). Order matters only for display.
THEMES = (
    Theme("半导体", ("半导体", "芯片", "集成电路", "晶圆")),
    Theme("人工智能", ("人工智能", "AI算力", "算力", "大模型", "AI")),
    Theme("机器人", ("人形机器人", "机器人")),
    Theme("新能源车", ("新能源车", "新能源汽车", "智能驾驶", "自动驾驶", "汽车")),
    Theme("新能源", ("储能", "锂电", "新能源")),
    Theme("光伏", ("光伏",)),
    Theme("医药医疗", ("创新药", "医药", "医疗")),
    Theme("证券", ("券商", "证券行业", "非银")),
    Theme("低空经济", ("低空经济", "eVTOL", "通用航空")),
    Theme("食品饮料", ("白酒", "食品饮料")),
)

# Tracked index (or theme) -> words in an ETF's short name that mean it tracks that index.
TRACKED = {
    "中证A500": ("A500",), "沪深300": ("沪深300",), "中证500": ("中证500",), "中证1000": ("中证1000",),
    "红利": ("红利",), "创业板": ("创业板",), "科创50": ("科创50",),
    "半导体": ("半导体", "芯片"), "人工智能": ("人工智能",), "机器人": ("机器人",),
    "新能源车": ("新能源车", "新能源汽车"), "新能源": ("新能源",), "光伏": ("光伏",),
    "医药医疗": ("医疗", "医药"), "证券": ("证券", "券商"), "低空经济": ("低空", "通用航空"),
    "食品饮料": ("酒", "食品饮料"),
}

CORE_INDEX = "中证A500"  # seed 004 §2.3.3: the balanced broad-based core
# Smart-beta satellites the signals call for: (signal, direction) -> tracked index.
SIGNAL_SATELLITES = {
    ("size_view", "small"): "中证1000",
    ("size_view", "large"): "沪深300",
    ("growth_value_view", "growth"): "创业板",
    ("growth_value_view", "value"): "红利",
}


def theme_of_text(text: str) -> str | None:
    """The industry theme a report's words name (longest matching word wins), or None."""
    best: tuple[int, str] | None = None
    for theme in THEMES:
        for word in theme.report_words:
            if word in text and (best is None or len(word) > best[0]):
                best = (len(word), theme.industry)
    return best[1] if best else None


def tracked_index(etf_name: str) -> str | None:
    best: tuple[int, str] | None = None
    for index, words in TRACKED.items():
        for word in words:
            if word in etf_name and (best is None or len(word) > best[0]):
                best = (len(word), index)
    return best[1] if best else None


@dataclass(frozen=True)
class EtfPick:
    index: str
    code: str
    name: str
    market_cap: float | None
    amount: float | None
    candidates: int  # ETFs in the list tracking the same index


def largest_etfs(etf_list: pd.DataFrame) -> dict[str, EtfPick]:
    """Tracked index -> the largest ETF tracking it (by 总市值, then 成交额)."""
    frame = etf_list.copy()
    frame["index"] = [tracked_index(str(n)) for n in frame["name"]]
    frame = frame[frame["index"].notna() & frame["code"].notna()]
    for column in ("market_cap", "amount"):
        if column not in frame.columns:
            frame[column] = float("nan")
    picks = {}
    for index, group in frame.groupby("index", sort=True):
        ranked = group.sort_values(["market_cap", "amount", "code"], ascending=[False, False, True],
                                   na_position="last")
        top = ranked.iloc[0]
        picks[str(index)] = EtfPick(str(index), str(top["code"]), str(top["name"]), _num(top["market_cap"]),
                                    _num(top["amount"]), len(group))
    return picks


def _num(value) -> float | None:
    return None if pd.isna(value) else float(value)
