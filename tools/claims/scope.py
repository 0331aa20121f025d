"""What a quantity is measured over: the whole market, the company, or one segment or product of it.

Two figures, directions or stances on one quantity word (毛利率, 成本, 收入) are comparable only when they
measure the same thing. The qualifier in front of the quantity word says what (tools.claims.extract):
- a market scope: the industry as a whole (行业, 业内, 全国, 全球: "行业内完全成本" is an industry curve, not
  the company's cost), or a region (国内, 海外 = 出口 = 境外);
- the company: 公司, or nothing at all in a report about one company (its own figure is what it states);
- a segment or product: the words left once scope words, bland words (业务, 板块, 整体…) and time words
  (当前, 短期, 年底…) are taken out ("再生类产品收入" is one product line's revenue, "AI服务器毛利率" one
  product's margin).
A company total never meets a segment's figure, and in a company report an industry quantity never meets
the company's own; two named segments are left to the qualifier match (tools.claims.compare).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKET = re.compile(r"全行业|行业|业内|全国|全球")
# Other firms: a quantity of 二线厂商 or 竞争对手 is theirs, not the covered company's.
OTHERS = re.compile(r"竞争对手|企业|厂商|厂家|玩家|同行|同业|对手|竞品|友商|二三线|二线|三线")
REGION = re.compile(r"海外|国内|中国|出口|境外|境内|内销|外销")
_SAME_REGION = {"出口": "海外", "境外": "海外", "外销": "海外", "境内": "国内", "内销": "国内", "中国": "国内"}
_COMPANY = re.compile(r"公司")
BLAND = re.compile(r"业务|板块|环节|产品|整体|全年|主营|总")
# Time words qualify when, not what: 当前毛利率 and 短期估值 are the company's.
_TIME = re.compile(r"当前|目前|短期|中期|长期|本轮|后续|未来|此前|届时|单月|单季度?|[年月季][底初末中]|[底初末]|月|季度?|期间")
MIN_SEGMENT = 2


@dataclass(frozen=True)
class Scope:
    market: bool  # the industry as a whole
    others: bool  # other firms
    regions: frozenset[str]  # 国内 / 海外
    company: bool  # 公司 written
    segment: str  # the segment or product named, "" for the whole


# Words a qualifier picks up in front of its segment that name none: a cause (受), a list marker (一是), a
# statistic (平均), a source (来自).
_LEAD = re.compile(r"^(?:主要|受|一是|二是|三是|其中|测算|来自|叠加|伴随|通过|以来|平均)+")
# Quantities whose unqualified figure in a company report is the company's whole (收入 is total revenue, 成本 the
# total cost): such a figure never meets one segment's. A price, demand or a penetration rate written bare speaks
# of the good the sentence is about, and stays comparable with that good's.
TOTALS = frozenset({"收入", "营业收入", "利润", "净利润", "归母净利润", "毛利率", "净利率", "利润率", "费用率", "成本",
                    "出货量", "出栏量", "产量", "销售额", "产能", "订单", "现金流", "资本开支", "盈利", "盈利能力",
                    "新业务价值", "保费", "综合成本率"})


def scope_of(qualifier: str) -> Scope:
    regions = frozenset(_SAME_REGION.get(w, w) for w in REGION.findall(qualifier))
    rest = BLAND.sub("", _TIME.sub("", REGION.sub("", MARKET.sub("", OTHERS.sub("", _COMPANY.sub("", qualifier))))))
    rest = _LEAD.sub("", rest)
    return Scope(market=bool(MARKET.search(qualifier)), others=bool(OTHERS.search(qualifier)), regions=regions, company=bool(_COMPANY.search(qualifier)),
                 segment=rest if len(rest) >= MIN_SEGMENT else "")


def _narrows(a: str, b: str) -> bool:
    """One segment is the other followed by a further qualifier nearer the quantity word (主品牌 → 主品牌中高档以上:
    the brand's upper lines, a part of it measured apart). A word put in front (海南离岛免税 ~ 离岛免税) is an outer
    modifier that often only restates the place or owner, and is left to the qualifier match."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) >= MIN_SEGMENT


def scopes_differ(qual_a: str, qual_b: str, *, company_report: bool = False, head: str = "") -> bool:
    """The two qualifiers measure different things: an industry quantity against the company's own (in a
    company report, where an unmarked quantity is the company's), two regions, or the company's total against
    one of its segments."""
    a, b = scope_of(qual_a), scope_of(qual_b)
    if a.regions and b.regions and a.regions != b.regions:
        return True
    if a.market != b.market and (company_report or a.company or b.company):
        return True
    if a.others != b.others and (company_report or a.company or b.company):
        return True  # 二线厂商产能 vs the company's
    if a.segment and b.segment and a.segment != b.segment and _narrows(a.segment, b.segment):
        return True  # 主品牌 vs 主品牌中高档以上: a line within the segment, not the segment
    for one, other in ((a, b), (b, a)):
        whole = one.company or (company_report and head in TOTALS)
        if whole and not one.segment and not one.regions and not one.market and not one.others and \
                (other.segment or other.regions):
            return True  # 公司收入 (or 收入 in a company report) vs 再生类产品收入 or 海外收入
    return False
