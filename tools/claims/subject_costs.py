"""Which prices are the subject's costs: the same move is good news for who sells a thing and bad for who buys it.

煤价上涨 is good for a coal miner and bad for a power producer, 油价下跌 good for an airline and bad for an oil
producer, 利率下行 bad for a bank's or an insurer's yield and good for a property developer's buyers. The stance
reader (tools.claims.polarity) treats what a subject buys as an expense: its rise is bad news. Words every company
buys (原材料, 燃料, 饲料: lexicon.INPUTS) are costs everywhere; the table below adds the inputs that are costs for
one 申万一级 industry, read from the report's cover (所属行业, or the industry closing a running header).

What the table generalises from: each industry's cost structure as its reports describe it (燃料成本 of thermal
power, cement and airlines; 原材料 of appliances, autos and food makers; 铁矿石/焦煤 of steel; 负债成本 of banks;
按揭利率 of property buyers). An input is listed only where it is a cost for the bulk of the industry's listed
companies; where an industry holds both sellers and buyers of a thing it is left out (电子: foundries and chip
designers on 代工价格; 医药生物: API makers and formulators on 原料药; 石油石化: producers and refiners on 原油).
A named price counts, not the commodity alone: 煤电装机增长 is a power producer's capacity, 煤价上涨 its cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_FUEL = ("动力煤", "电煤", "燃煤", "煤炭", "煤", "天然气", "气源", "LNG")
_OIL = ("原油", "油价", "燃油", "航油", "柴油", "油品")
_METALS = ("铜", "铝", "钢材", "钢", "锌", "镍")
_LITHIUM = ("碳酸锂", "氢氧化锂", "锂")  # 电芯, 正极, 电解液: sold by some 电力设备 makers, bought by others
INPUTS_BY_INDUSTRY: dict[str, tuple[str, ...]] = {
    "公用事业": _FUEL,
    "交通运输": _OIL,
    "建筑材料": _FUEL + ("纯碱", "沥青", "石油焦"),
    "钢铁": ("铁矿石", "铁矿", "焦煤", "焦炭", "废钢", "喷吹煤"),
    "基础化工": _FUEL + ("原料煤", "乙烷", "丙烷", "石脑油", "原油"),
    "汽车": _METALS + _LITHIUM + ("电芯", "电池", "芯片", "橡胶"),
    "家用电器": _METALS + ("塑料", "面板"),
    "机械设备": _METALS,
    "电力设备": _LITHIUM + ("硅料", "多晶硅", "铜", "铝"),
    "国防军工": ("造船板", "船板", "钢板", "钢材"),
    "食品饮料": ("原奶", "生鲜乳", "大豆", "白糖", "糖", "大麦", "麦芽", "玉米", "包材", "棕榈油", "猪肉", "生猪"),
    "农林牧渔": ("玉米", "豆粕", "小麦", "鱼粉"),
    "有色金属": ("氧化铝", "预焙阳极"),
    "纺织服饰": ("棉花", "棉", "涤纶"),
    "轻工制造": ("纸浆", "浆", "木浆", "木材"),
    "建筑装饰": ("钢材", "水泥"),
    "银行": ("存款挂牌利率", "存款利率", "存款定价"),
    "房地产": ("LPR", "按揭利率", "房贷利率", "贷款利率", "融资利率"),
}
# What of an input moves: its price (煤价, 铁矿石价格, 普氏指数均价) or, for a rate, the rate itself (LPR, 存款利率).
# Between the input and its price word only a list of further inputs (玉米、豆粕价格), a form of it (钢材, 现货)
# or the buyer's side of the trade (收购价, 采购价, 到厂价):
# 锂电池价格 is a battery's price, not lithium's.
_PRICED = (r"(?:{})(?P<price>(?:材|石|现货|期货|收购|采购|进口|到厂|到港|[、和及与/][\u4e00-\u9fffA-Z]{{1,4}}?)*"
           r"(?:价格|均价|单价|价|指数))?")
_PRICE_ITSELF = re.compile(r"(?:价|利率|LPR)$")

_industry: ContextVar[str | None] = ContextVar("subject_industry", default=None)


@contextmanager
def for_industry(industry: str | None) -> Iterator[None]:
    """Read every claim inside the block as about a subject of `industry` (a 申万一级 name; None: unknown)."""
    token = _industry.set(industry)
    try:
        yield
    finally:
        _industry.reset(token)


def _priced(inputs: tuple[str, ...]) -> str:
    """A price of any of `inputs`, longest name first (铁矿石 before 铁矿)."""
    return _PRICED.format("|".join(sorted(map(re.escape, inputs), key=len, reverse=True)))


_PATTERNS = {name: re.compile(_priced(inputs)) for name, inputs in INPUTS_BY_INDUSTRY.items()}
# A verb that moves the input as its object (下调存款利率, 推高了原料煤价格), as tools.claims.judgements reads 降低了…成本.
_CUT = r"(?:降低|减少|压降|下调|调降|削减)了?[^，。；,;]{0,10}?"
_PUSH = r"(?:推升|推高|抬升|抬高|提高|上调|调高)了?[^，。；,;]{0,10}?"
_VERBS = {name: (re.compile(_CUT + _priced(inputs)), re.compile(_PUSH + _priced(inputs)))
          for name, inputs in INPUTS_BY_INDUSTRY.items()}


def input_price_ends(text: str) -> list[int]:
    """The end of each price of an input the current subject buys in `text` (the subject's industry as set by
    `for_industry`); a commodity named without a price word counts only when it is a rate (LPR, 存款利率)."""
    pattern = _PATTERNS.get(_industry.get() or "")
    if pattern is None:
        return []
    return [m.end() for m in pattern.finditer(text) if m["price"] or _PRICE_ITSELF.search(m[0])]


def buys(text: str) -> bool:
    """`text` names a good the current subject buys, priced or not (铁矿石 for a steel maker): its supply reads for
    the buyer (tools.claims.judgements)."""
    return any(w in text for w in INPUTS_BY_INDUSTRY.get(_industry.get() or "", ()))


def input_verbs() -> tuple[re.Pattern, re.Pattern] | None:
    """(a verb cutting, a verb pushing up) one of the current subject's inputs; None when no industry is set."""
    return _VERBS.get(_industry.get() or "")


# A broker's header names its sector team rather than the 申万 name (家电, 电新, 白酒Ⅱ, 汽车与零部件, 燃气Ⅱ): the
# shorthands of the industries above, as header items print them.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "公用事业": ("公用", "电力", "火电", "水电", "燃气"),
    "交通运输": ("交运", "航空", "航空机场", "航运", "港口", "航运港口", "快递", "物流"),
    "建筑材料": ("建材", "水泥", "玻璃", "玻纤", "玻璃玻纤"),
    "钢铁": ("普钢", "特钢"),
    "基础化工": ("化工", "化学原料", "化学制品", "农化"),
    "汽车": ("汽车与零部件", "汽车及零部件", "乘用车", "商用车", "汽车零部件"),
    "家用电器": ("家电", "白色家电", "白电", "小家电", "黑电"),
    "机械设备": ("机械", "工程机械", "通用设备"),
    "电力设备": ("电新", "电力设备新能源", "电力设备与新能源", "光伏", "光伏设备", "电池", "风电", "电网设备"),
    "国防军工": ("军工", "船舶"),
    "食品饮料": ("食品", "饮料", "白酒", "啤酒", "乳制品", "乳品", "调味品", "调味发酵品", "食品加工"),
    "农林牧渔": ("农业", "养殖", "养殖业", "饲料", "畜牧"),
    "有色金属": ("有色", "工业金属"),
    "纺织服饰": ("纺服", "纺织"),
    "轻工制造": ("轻工", "造纸"),
    "建筑装饰": ("建筑",),
    "房地产": ("地产", "房地产开发"),
}
_SECTOR = {word: name for name, words in SECTOR_WORDS.items() for word in words}


def industry_of(cover: str) -> str | None:
    """The 申万一级 industry a report's cover names: a label (所属行业：…), else a header item that is one or a
    broker's shorthand for one (`招商证券 | 公司点评报告 | 食品饮料 |`, `东方证券 | 公司研究 | 乳制品`, `…·白酒Ⅱ`)."""
    from tools import cover_fields as cf

    lines = cf.cover_lines(cover)
    if found := cf.industry(lines, lines[:3]):
        return str(found.value)
    for line in lines[:4]:
        for item in re.split(r"[|│·/:：]", line):
            name = re.sub(r"\s+|(?:ii|Ⅱ|iii|Ⅲ)$|行业(?:月报|周报|点评|深度)?$", "", item)
            if name in cf.SW_INDUSTRIES:
                return name
            if name in _SECTOR:
                return _SECTOR[name]
    return None
