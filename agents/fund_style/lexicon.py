"""The extractive commentary reader: a documented keyword lexicon, sentence by sentence.

It fills the same draft schemas as the LLM; its quotes are the matching sentences, verbatim.

Style (`lexicon_style_draft`):
- A sentence that *negates* rotation (NEGATED_ROTATION: 不做风格轮动, 没有…改变) counts as staying;
  otherwise one with a ROTATING cue counts as rotating; otherwise one with a STAYING cue as staying.
  rotation = the side with more sentences (a tie, or none, is unclear).
- growth/value and size: switching when one rotating sentence names both sides (在成长与价值之间,
  从大盘蓝筹切换至中小市值); else the side with more sentences; a tie, or the word 均衡, is balanced.
- timing: TIMING_NONE (不做仓位择时, 保持较高的权益仓位) wins over TIMING_ACTIVE (提高/降低仓位, 择时).
Fund selection (`lexicon_fund_selection_draft`, the seed 004 §2.1 question "是否关注基金优选"):
- A sentence with a SELECTION cue (基金优选, 精选…基金, 选基, 筛选…基金, 基金经理…超额/阿尔法) stresses
  fund selection unless it also carries a DEEMPHASIS cue (与其, 而非, 淡化, 不再…), which makes it an
  allocation sentence. ALLOCATION cues: ETF, 指数基金, 资产配置, 行业配置, Beta.
- stresses_fund_selection = at least one selection sentence: paying attention is enough, as in the seed.
Limits: a lexicon sees words, not who does what ("市场热点切换频繁" describes the market, yet counts as a
rotating cue); the LLM engine reads meaning.
"""

from __future__ import annotations

import re

from agents.fund_style.models import FundSelectionDraft, SelectionQuote, StyleIntentDraft, StyleQuote

NEGATED_ROTATION = [r"不(做|进行|会进行|刻意|会)[^，。]{0,4}(轮动|切换)", r"没有[^，。]{0,10}(改变|切换|轮动|调整)"]
ROTATING = [r"轮动", r"切换", r"调回", r"转向", r"调整[^，。]{0,4}风格", r"风格[^，。]{0,4}调整",
            r"(根据|依据|按照|基于)[^，。]{0,12}(宏观|经济|流动性|周期)"]
STAYING = [r"坚守", r"坚持", r"一贯", r"一如既往", r"长期持有", r"低换手", r"不追逐", r"(持仓|持股|风格)[^，。]{0,8}稳定",
           r"稳定性"]
GROWTH = [r"成长", r"科技", r"高景气", r"创新药", r"算力", r"半导体", r"光模块", r"新能源", r"高端制造", r"高弹性"]
VALUE = [r"价值", r"红利", r"股息", r"低估值", r"估值低", r"分红", r"公用事业", r"现金流稳定"]
BALANCED = [r"均衡"]
LARGE = [r"大盘", r"大市值", r"龙头", r"蓝筹", r"核心资产"]
SMALL = [r"小盘", r"中小市值", r"小市值", r"专精特新", r"微盘"]
TIMING_NONE = [r"(不做|不进行|而非|不)[^，。]{0,4}择时", r"(保持|维持)[^，。]{0,6}高[^，。]{0,4}(仓位|水平)", r"满仓"]
TIMING_ACTIVE = [r"(提高|降低|提升|下调|增加|减少|加|减)[^，。]{0,4}(权益)?仓位", r"仓位[^，。]{0,4}(提高|降低|提升|下调)",
                 r"择时"]
SELECTION = [r"基金优选", r"优选基金", r"精选[^，。]{0,8}(基金|基金经理)", r"选基", r"筛选[^，。]{0,8}基金",
             r"基金[^，。]{0,2}筛选", r"基金经理[^。]{0,12}(超额|阿尔法|[Aa]lpha)"]
DEEMPHASIS = [r"与其", r"而非", r"淡化", r"弱化", r"不再", r"替换为", r"取代"]
ALLOCATION = [r"ETF", r"指数基金", r"指数化", r"资产配置", r"行业配置", r"风格配置", r"[Bb]eta", r"β"]

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 4]


def _hits(sentence: str, patterns: list[str]) -> bool:
    return any(re.search(p, sentence) for p in patterns)


def _side(a: list[str], b: list[str], a_label: str, b_label: str, balanced: list[str]) -> str:
    if len(a) > len(b):
        return a_label
    if len(b) > len(a):
        return b_label
    return "balanced" if a or balanced else "unclear"


def lexicon_style_draft(text: str) -> StyleIntentDraft:
    rotating, staying, growth, value, large, small, balanced, t_active, t_none = ([] for _ in range(9))
    switch_gv, switch_size = [], []
    for s in sentences(text):
        if _hits(s, NEGATED_ROTATION):
            staying.append(s)
        elif _hits(s, ROTATING):
            rotating.append(s)
            if _hits(s, GROWTH) and _hits(s, VALUE):
                switch_gv.append(s)
            if _hits(s, LARGE) and _hits(s, SMALL):
                switch_size.append(s)
        elif _hits(s, STAYING):
            staying.append(s)
        for bucket, patterns in ((growth, GROWTH), (value, VALUE), (large, LARGE), (small, SMALL),
                                 (balanced, BALANCED)):
            if _hits(s, patterns):
                bucket.append(s)
        if _hits(s, TIMING_NONE):
            t_none.append(s)
        elif _hits(s, TIMING_ACTIVE):
            t_active.append(s)
    rotation = "rotating" if len(rotating) > len(staying) else "staying" if len(staying) > len(rotating) else "unclear"
    evidence = [StyleQuote(aspect="rotation", quote=s) for s in (rotating if rotation == "rotating" else staying
                                                                 if rotation == "staying" else [])]
    if switch_gv:
        growth_value, gv_quotes = "switching", switch_gv
    else:
        growth_value = _side(growth, value, "growth", "value", balanced)
        gv_quotes = {"growth": growth, "value": value, "balanced": growth + value + balanced}.get(growth_value, [])
    if switch_size:
        size, size_quotes = "switching", switch_size
    else:
        size = _side(large, small, "large", "small", [])
        size_quotes = {"large": large, "small": small, "balanced": large + small}.get(size, [])
    timing = "none" if t_none else "active" if t_active else "unclear"
    evidence += [StyleQuote(aspect="growth_value", quote=s) for s in dict.fromkeys(gv_quotes)]
    evidence += [StyleQuote(aspect="size", quote=s) for s in dict.fromkeys(size_quotes)]
    evidence += [StyleQuote(aspect="timing", quote=s) for s in (t_none or t_active)]
    return StyleIntentDraft(rotation=rotation, growth_value=growth_value, size=size, timing=timing, evidence=evidence)


def lexicon_fund_selection_draft(text: str) -> FundSelectionDraft:
    selection, allocation = [], []
    for s in sentences(text):
        if _hits(s, SELECTION) and not _hits(s, DEEMPHASIS):
            selection.append(s)
        if _hits(s, ALLOCATION) or (_hits(s, SELECTION) and _hits(s, DEEMPHASIS)):
            allocation.append(s)
    emphasis = ("both" if selection and allocation else "fund_selection" if selection
                else "etf_allocation" if allocation else "neither")
    evidence = [SelectionQuote(aspect="fund_selection", quote=s) for s in selection]
    evidence += [SelectionQuote(aspect="etf_allocation", quote=s) for s in allocation]
    return FundSelectionDraft(stresses_fund_selection=bool(selection), emphasis=emphasis, evidence=evidence)
