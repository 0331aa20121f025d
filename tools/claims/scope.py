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
the company's own; two named segments are left to the qualifier match (tools.claims.metric_identity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The one list of scope words (tools.claims.extract, facets and compare read them from here).
MARKET_WORDS = ("全行业", "行业", "业内", "全国", "全球")
# Other firms: a quantity of 二线厂商 or 竞争对手 is theirs, not the covered company's.
OTHERS_WORDS = ("竞争对手", "企业", "厂商", "厂家", "玩家", "同行", "同业", "对手", "竞品", "友商", "二三线", "二线", "三线")
# A region named as a place, or as a trade flow (出口, 内销): the flow still needs its owner (公司对美出口占比).
PLACE_WORDS = ("海外", "国内", "中国", "境外", "境内")
TRADE_WORDS = ("出口", "内销", "外销")
REGION_WORDS = PLACE_WORDS + TRADE_WORDS
COMPANY_WORD = "公司"
# Qualifier words that name no particular segment: 通用自动化业务 and 新能源车业务 share 业务 and nothing else.
# 系列: a product line is named by its brand (嗨体系列收入 is 嗨体's).
BLAND_WORDS = ("业务", "板块", "环节", "产品", "整体", "全年", "主营", "总", "综合", "系列")


def _alternation(*groups: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(sorted({w for g in groups for w in g}, key=len, reverse=True)))


MARKET = _alternation(MARKET_WORDS)
OTHERS = _alternation(OTHERS_WORDS)
REGION = _alternation(REGION_WORDS)
BLAND = _alternation(BLAND_WORDS)
# Where or whose: a market, a region or the company. A qualifier left empty once these are taken out names no segment.
WHERE = _alternation(MARKET_WORDS, REGION_WORDS)
SCOPE = _alternation(MARKET_WORDS, REGION_WORDS, (COMPANY_WORD,))
# Says whose figure it is (a market, a place, the company): 公司 need not be added in front (tools.claims.extract).
OWNED = _alternation(MARKET_WORDS, PLACE_WORDS, (COMPANY_WORD,))
_SAME_REGION = {"出口": "海外", "境外": "海外", "外销": "海外", "境内": "国内", "内销": "国内", "中国": "国内"}
_COMPANY = re.compile(COMPANY_WORD)


def one_region_name(qualifier: str) -> str:
    """The qualifier with each region written by its one name (境外/外销/出口 → 海外, 境内/内销/中国 → 国内), so that
    公司外销 and 海外 read as one qualifier."""
    return REGION.sub(lambda m: _SAME_REGION.get(m[0], m[0]), qualifier)
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
                    "新业务价值", "保费", "保费收入", "扣非净利润", "综合成本率"})


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
