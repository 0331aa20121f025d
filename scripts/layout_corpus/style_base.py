"""What a house style is: page geometry, type sizes, furniture (running header, footer, page number)
and how the cover is composed. Each broker's style (styles_*.py) fills one in."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from .draw import PAGE_H, PAGE_W
from .model import PagePlan, Rect, TextStyle


def text_styles(accent: str, base: float = 9.5, **overrides: TextStyle) -> dict[str, TextStyle]:
    lead = round(base * 1.6, 1)
    styles = {
        "title": TextStyle(size=20, leading=28, after=6, color=accent, bold=True),
        "subtitle": TextStyle(size=13, leading=19, after=8, color=accent),
        "heading": TextStyle(size=11.5, leading=18, before=6, after=4, color=accent, bold=True),
        "subheading": TextStyle(size=10, leading=16, before=3, after=2, color=accent, bold=True),
        "para": TextStyle(size=base, leading=lead, indent=2 * base, after=4),
        "lead": TextStyle(size=base, leading=lead, after=2, bold=True, color=accent),  # bold lead-in of a point
        "bullet": TextStyle(size=base, leading=lead, after=3),
        "caption": TextStyle(size=8.5, leading=13, after=1, color=accent, bold=True),
        "source": TextStyle(size=7.5, leading=11, after=8, color="#555555"),
        "note": TextStyle(size=7.5, leading=11, after=3, color="#555555"),
        "kv": TextStyle(size=8, leading=12.5, after=1),
        "kvname": TextStyle(size=8, leading=12.5, before=4, after=1, bold=True),
        "analystline": TextStyle(size=8, leading=12.5, after=1),
        "kvhead": TextStyle(size=9, leading=14, before=4, after=2, color=accent, bold=True),
        "rating": TextStyle(size=11, leading=17, after=3, color=accent, bold=True),
        "banner": TextStyle(size=9, leading=14, after=6, color="#FFFFFF", fill=accent, bold=True),
        "toc": TextStyle(size=8.5, leading=13, after=0),
        "legal": TextStyle(size=7.5, leading=11.5, indent=15, after=3, color="#333333"),
        "legalhead": TextStyle(size=9, leading=14, before=6, after=3, color=accent, bold=True),
        "fiction": TextStyle(size=8, leading=12, after=6, color="#C00000", bold=True),
    }
    styles.update(overrides)
    return styles


@dataclass(frozen=True)
class PageCtx:
    index: int
    count: int
    template: str
    doc: object  # documents.DocSpec


@dataclass
class HouseStyle:
    key: str
    broker: str | None  # the normalized full name the gold uses
    domain: str | None  # e-mail domain
    sac_prefix: str | None  # first 4 digits of the firm's SAC registration numbers
    research: str  # how the research department signs sources: "华泰研究", "国金证券研究所"
    accent: str
    text: dict[str, TextStyle]
    furniture: Callable[[PageCtx], tuple[list[tuple], list[tuple], str | None]]
    cover: Callable  # (style, doc) -> (main blocks, {region: blocks})
    columns: int = 1
    gap: float = 16.0
    sidebar: str | None = "right"  # where the cover's fixed column is
    sidebar_width: float = 150.0
    cover_top: float = 0.0  # extra space above the cover's main flow (banner drawn as furniture)
    margins: tuple[float, float, float, float] = (50.0, 50.0, 72.0, 62.0)  # left, right, top, bottom
    table_grid: str = "three_line"
    stream_order: str = "reading"  # reading | sidebar_first | by_row
    furniture_first: bool = True
    furniture_color: str = "#404040"
    header_rule: bool = True
    footer_rule: bool = False
    caption_prefix: str = "图{n}："
    table_prefix: str = "表{n}："
    source_prefix: str = "资料来源："
    bullet: str = "◆"
    heading_numbers: str = "cn"  # cn: 一、 | arabic: 1. | none
    disclaimer_same_page: bool = False
    forecast_unit: str = "百万元"  # 百万元 | 亿元
    extra: dict = field(default_factory=dict)

    # -- geometry ----------------------------------------------------------------
    def frames(self, template: str) -> tuple[list[Rect], list[str]]:
        left, right, top, bottom = self.margins
        width, height = PAGE_W - left - right, PAGE_H - top - bottom
        if template == "cover":
            main = self.cover_main()
            return [main], ["main"]
        if template == "body" and self.columns == 2:
            col = (width - self.gap) / 2
            return ([Rect(left, PAGE_H - top, col, height), Rect(left + col + self.gap, PAGE_H - top, col, height)],
                    ["column1", "column2"])
        return [Rect(left, PAGE_H - top, width, height)], ["main"]

    def cover_main(self) -> Rect:
        left, right, top, bottom = self.margins
        width, height = PAGE_W - left - right, PAGE_H - top - bottom - self.cover_top
        if self.sidebar is None:
            return Rect(left, PAGE_H - top - self.cover_top, width, height)
        main_w = width - self.sidebar_width - self.gap
        x = left if self.sidebar == "right" else left + self.sidebar_width + self.gap
        return Rect(x, PAGE_H - top - self.cover_top, main_w, height)

    @property
    def cover_regions(self) -> dict[str, Rect]:
        left, right, top, bottom = self.margins
        height = PAGE_H - top - bottom - self.cover_top
        x = PAGE_W - right - self.sidebar_width if self.sidebar == "right" else left
        return {"sidebar": Rect(x, PAGE_H - top - self.cover_top, self.sidebar_width, height)}

    def rules(self, page: PagePlan) -> list[tuple]:
        left, right, top, bottom = self.margins
        out = []
        if self.header_rule:
            out.append((left, PAGE_H - top + 14, PAGE_W - right, PAGE_H - top + 14, 0.8))
        if self.footer_rule:
            out.append((left, bottom - 12, PAGE_W - right, bottom - 12, 0.5))
        return out

    def with_text(self, **overrides: TextStyle) -> "HouseStyle":
        return replace(self, text={**self.text, **overrides})


def header_y(style: HouseStyle) -> float:
    return PAGE_H - style.margins[2] + 19


def footer_y(style: HouseStyle) -> float:
    return style.margins[3] - 26


def right_x(style: HouseStyle) -> float:
    return PAGE_W - style.margins[1]
