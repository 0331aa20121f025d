"""Supply edges a sentence states: who supplies whom, never inferred from levels.

The forms read (supplier → buyer): "A…供应/供货/配套/交付B与C", "为B提供A", "(A)为B代工/供电",
"A与B由X采购", "A…构成/集成为X", "B依赖/需要/采用/搭载A",
"A+B+C构成的X" and "X由A、B与C组成", "A是B的核心原料/部件", "X是连接A与B的环节", "将A外包给B" (B supplies the subject),
"A用于B". A company standing where a term would (凯莱英…为ADC研发企业提供服务) stands for its node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUPPLY = re.compile(r"同时供应|供应(?![商链])|供货|配套(?!$)|提供给|销售给|卖给|导入|进入|交付(?:给)?")
_TO_SUPPLY = re.compile(r"向([^，。；]{1,20}?)(?:同时)?(?:供货|供应|交付)")
_CONNECTS = re.compile(r"是连接([^，。；]{1,12}?)与([^，。；]{1,12}?)的")
_PROVIDE = re.compile(r"为([^，。；]{1,24}?)提供")
_SERVE = re.compile(r"为([^，。；]{1,24}?)(?:代工|供电|配套|加工|组装)")  # ODM为品牌厂商代工: the subject supplies
_BOUGHT_BY = re.compile(r"由([^，。；]{1,16}?)(?:统一|集中)?(?:采购|组装|集成)")  # A与B由ODM厂商统一采购
_FORMS = re.compile(r"(?:构成|组成|集成为|组装成|制成)(?!的)")  # …线圈后构成磁体系统; …最终集成为聚变装置
_DEPEND = re.compile(r"依赖|需要|采用|搭载|使用|离不开")
_COMPOSED_OF = re.compile(r"(?:构成|组成)的")
_MADE_BY = re.compile(r"由([^，。；]{2,40}?)(?:[一二三四五六七八九十两]+(?:大|个)?部分)?(?:组成|构成)")
_PART_OF = re.compile(r"(?:是|为)([^，。；]{1,16}?)的(?:核心|关键|主要|重要)?(?:原料|原材料|部件|零部件|器件|组成部分|上游|供应商)")
_OUTSOURCE = re.compile(r"(?:外包给|交给|委托给)")
_USED_IN = re.compile(r"(?:应用于|用于)")


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    node: str


@dataclass(frozen=True)
class StatedEdge:
    source: str
    target: str
    quote: str


def _clause(text: str, at: int, lo: int, hi: int) -> tuple[int, int]:
    left = max([text.rfind(c, lo, at) for c in "，,；。"] + [lo - 1]) + 1
    rights = [i for i in (text.find(c, at, hi) for c in "，,；。") if i >= 0]
    return left, min(rights) if rights else hi


def _before(items: list[Item], at: int, lo: int) -> list[Item]:
    """The item nearest before `at` (within the clause), with any list it ends (A、B与C)."""
    run = [i for i in items if lo <= i.start and i.end <= at]
    return run[-1:] if run else []


def _after(items: list[Item], at: int, hi: int) -> list[Item]:
    return [i for i in items if i.start >= at and i.end <= hi]


def stated_edges(text: str, span: tuple[int, int], items: list[Item]) -> list[StatedEdge]:
    """Edges stated in the sentence text[span]; `items` are its term and company positions with their nodes."""
    lo, hi = span
    sentence = text[lo:hi].strip()
    pairs: list[tuple[str, str]] = []

    def add(sources: list[Item], targets: list[Item]) -> None:
        pairs.extend((s.node, t.node) for s in sources for t in targets if s.node != t.node)

    for m in _SUPPLY.finditer(text, lo, hi):
        c_lo, c_hi = _clause(text, m.start(), lo, hi)
        add(_before(items, m.start(), c_lo) or _before(items, m.start(), lo), _after(items, m.end(), c_hi))
    for m in _CONNECTS.finditer(text, lo, hi):  # 域控制器是连接芯片与整车的关键环节
        middle = _before(items, m.start(), lo)
        add(_after(items, m.start(1), m.end(1)), middle)
        add(middle, _after(items, m.start(2), m.end(2)))
    for m in _PROVIDE.finditer(text, lo, hi):
        buyers = _after(items, m.start(1), m.end(1))
        c_lo, c_hi = _clause(text, m.end(), lo, hi)
        head = text.rfind("的", m.end(), c_hi)  # 提供从工艺开发到商业化生产的服务: the head is after 的
        given = _after(items, head + 1 if head >= 0 else m.end(), c_hi)
        add(given or _before(items, m.start(), lo), buyers)
    for m in _SERVE.finditer(text, lo, hi):
        add(_before(items, m.start(), lo), _after(items, m.start(1), m.end(1)))
    for m in _BOUGHT_BY.finditer(text, lo, hi):
        c_lo, _ = _clause(text, m.start(), lo, hi)
        add([i for i in items if c_lo <= i.start and i.end <= m.start()], _after(items, m.start(1), m.end(1))[:1])
    for m in _FORMS.finditer(text, lo, hi):
        if text[max(lo, m.start() - 1):m.start()] == "由":
            continue  # 由A、B组成: _MADE_BY reads it
        c_lo, c_hi = _clause(text, m.start(), lo, hi)
        whole = _after(items, m.end(), c_hi)[:1]
        add([i for i in items if c_lo <= i.start and i.end <= m.start()] or _before(items, m.start(), lo), whole)
    for m in _TO_SUPPLY.finditer(text, lo, hi):  # 并向CDMO与创新药企同时供货: the subject supplies them
        add(_before(items, m.start(), lo), _after(items, m.start(1), m.end(1)))
    for m in _DEPEND.finditer(text, lo, hi):
        c_lo, c_hi = _clause(text, m.start(), lo, hi)
        add(_after(items, m.end(), c_hi), _before(items, m.start(), c_lo))
    for m in _COMPOSED_OF.finditer(text, lo, hi):
        c_lo, _ = _clause(text, m.start(), lo, hi)
        whole = [i for i in items if i.start >= m.end()][:1]
        add([i for i in items if c_lo <= i.start and i.end <= m.start()], whole)
    for m in _MADE_BY.finditer(text, lo, hi):
        add(_after(items, m.start(1), m.end(1)), _before(items, m.start(), lo))
    for m in _PART_OF.finditer(text, lo, hi):
        c_lo, _ = _clause(text, m.start(), lo, hi)
        add(_before(items, m.start(), c_lo), _after(items, m.start(1), m.end(1)))
    for m in _OUTSOURCE.finditer(text, lo, hi):
        _, c_hi = _clause(text, m.end(), lo, hi)
        subject = [i for i in items if lo <= i.start < m.start()][:1]
        add(_after(items, m.end(), c_hi)[:1], subject)
    for m in _USED_IN.finditer(text, lo, hi):
        c_lo, c_hi = _clause(text, m.start(), lo, hi)
        add(_before(items, m.start(), c_lo), _after(items, m.end(), c_hi)[:1])
    return [StatedEdge(a, b, sentence[:160]) for a, b in dict.fromkeys(pairs)]
