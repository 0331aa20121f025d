"""The content of one corpus document: what is printed and what the gold says about it.

Gold metadata is copied from these fields, and the styles print the same fields, so gold and page
agree by construction (tests/test_layout_corpus.py checks that they really are on the page).
"""
from __future__ import annotations

from dataclasses import dataclass, field

FICTION = "本报告为虚构样例，仅用于测试"


@dataclass(frozen=True)
class Analyst:
    name: str
    sac: str | None
    email: str | None
    role: str = "分析师"  # 分析师 | 研究员 | 联系人
    phone: str | None = None


@dataclass
class Forecast:
    """An earnings-forecast table. Values in the canonical units: 营业收入/归母净利润 in 百万元,
    EPS in 元, PE/PB in 倍, ROE and growth in %."""

    years: list[str]
    rows: dict[str, list[float]]  # canonical metric -> one value per year


@dataclass
class Section:
    heading: str
    blocks: list  # model.Block


@dataclass
class DocSpec:
    id: str
    style: str
    report_type: str | None  # normalized: 公司深度 公司点评 行业深度 行业点评 策略 宏观 金工
    type_label: str  # as printed: "公司深度研究", "行业点评报告"
    title: str
    subtitle: str | None
    date: str | None  # ISO; None: the report prints no date
    date_format: str = "cn"  # cn 2025年3月18日 | cn0 2025年03月18日 | dash 2025-03-18 | dot 2025.03.18
    date_place: str = "cover"  # cover | header
    doc_kind: str = "broker_report"  # broker_report | news | digest
    stock_code: str | None = None  # canonical 300750.SZ
    stock_name: str | None = None
    industry: str | None = None
    rating: str | None = None
    rating_action: str | None = None  # 维持 上调 下调 首次覆盖
    previous_rating: str | None = None
    target_price: float | None = None
    current_price: float | None = None
    analysts: list[Analyst] = field(default_factory=list)
    points: list[tuple[str, str]] = field(default_factory=list)  # cover 投资要点: (bold lead, text)
    sections: list[Section] = field(default_factory=list)
    forecast: Forecast | None = None
    basic_data: list[tuple[str, str]] = field(default_factory=list)  # sidebar 基础数据
    related: list[str] = field(default_factory=list)  # 相关研究
    pdf_created: str = "D:20250101090000+08'00'"  # producer stamp, never the publication date
    pdf_title: str = ""
    broker_hidden: bool = False  # broker named only in the footer and the e-mail domain
    extra: dict = field(default_factory=dict)

    @property
    def code6(self) -> str | None:
        return self.stock_code.split(".")[0] if self.stock_code else None

    @property
    def exchange(self) -> str | None:
        return self.stock_code.split(".")[1] if self.stock_code else None


def format_date(iso: str, fmt: str) -> str:
    y, m, d = (int(v) for v in iso.split("-"))
    return {"cn": f"{y}年{m}月{d}日", "cn0": f"{y}年{m:02d}月{d:02d}日", "dash": f"{y}-{m:02d}-{d:02d}",
            "dot": f"{y}.{m:02d}.{d:02d}", "dot1": f"{y}.{m}.{d}", "compact": f"{y}{m:02d}{d:02d}"}[fmt]


def sac(prefix: str, yymm: str, seq: int) -> str:
    """A SAC registration number: S + firm code (4) + 5 (analyst) + year-month (4) + sequence (4)."""
    number = f"S{prefix}5{yymm}{seq:04d}"
    assert len(number) == 14, number
    return number


def price(value: float | None) -> str:
    return "NA" if value is None else f"{value:.2f}"
