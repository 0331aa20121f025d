"""Polarity of one clause: the sum of its cues, each cue signed by what it measures and what governs it.

A cue (lexicon.POSITIVE / NEGATIVE) is flipped by a negator that reaches it (并未明显恶化, 难以企稳), by a
limitation after it (拉动有限), by an unlikelihood (转正的概率较低) and, for a movement, by an expense that moves
(费用率下降 is good news). Whole judgements come first: a result set against expectations (_verdict), a
downside limited or eased, an upside limited, plenty of supply, a thesis intact, a price that priced in.
The clause-level reading of tools.claims.stance (turns, quotes, conditions) calls `score`.
"""

from __future__ import annotations

import re

from tools.claims.lexicon import BEATS, COST_METRIC, DOWN, FLAT, JUDGED_MOVES, MISSES, NEGATIVE, NEGATORS, KEEPERS, POSITIVE, UP

_TAX = re.compile(r"(?<!免)税(?!收入|后|前)")  # a tax is an expense (报废税上调); 免税销售额 is a sales line
# What is said not to arrive or last is denied with it: 拐点尚未到来, 放量未必能在明年兑现, 高增难以持续.
_NOT_ARRIVED = re.compile(r"[^，。；]{0,2}?(?:尚未|还未|并未|仍未|未|没有)(?:到来|出现|显现|来临|兑现)|"
                          r"[^，。；,;]{0,8}?(?:尚未|还未|并未|仍未|未必|不一定|未能|难以|不会|无法)[^，。；,;]{0,6}?"
                          r"(?:到来|出现|显现|来临|兑现|实现|持续|延续|落地)")
# "价格下调未必意味着盈利能力下降": the inference is denied; what it would have meant, reversed, is the claim.
_DENIED_INFERENCE = re.compile(r"(?:未必|并不|不|并非)(?:一定|必然)?(?:意味着|代表|等于)")

_LIMITED_DOWNSIDE = re.compile(r"(?:影响|冲击|压力|拖累|风险|扰动|摊薄|稀释)[^，。；]{0,4}?(?:相对|较为|比较)?(?:有限|可控|较小|很小|不大|甚微|可以忽略)")
_SIZABLE_DOWNSIDE = re.compile(r"(?:冲击|拖累|扰动|(?<!正面)影响)[^，。；]{0,4}?(?:较大|很大|巨大|严重|难以消化)")
# The report's thesis standing through a setback ("长期成长逻辑不变", "不改长期向好趋势"): its own view, positive.
_INTACT = re.compile(r"(?:逻辑|趋势|基本面|成长性|竞争力|竞争优势|护城河)[^，。；]{0,2}?(?:不变|未变|依旧|依然成立|仍然成立|未改变|没有改变)|"
                     r"不改(?:变)?[^，。；]{0,8}?(?:逻辑|趋势|基本面|成长性|竞争力|优势)")
# A downside that eases: 降幅收窄, 下行趋缓, 压力缓解, 减值减少, 降低了…风险.
_EASING = re.compile(r"(?:降幅|跌幅|下行|下滑|亏损|压力|减值|拖累|影响|利空|冲击)[^，。；未没难不无]{0,8}?"
                     r"(?:收窄|趋缓|缓解|减轻|减弱|减少|缩小|好转|出清|消化|消除)|"
                     r"(?:价格战|竞争|去库存|内卷)[^，。；未没难不]{0,8}?(?:尾声|结束|缓和|趋缓)|"
                     r"(?:担忧|悲观|利空)[^，。；]{0,10}?(?:充分反映|已反映|已计入|充分计入|消化)|"
                     r"(?:降低|减少|缓解|化解|对冲|抵消|消化)(?:了)?[^，。；]{0,10}?(?:风险|概率|压力|影响|冲击)")
# Priced in: "股价已较充分反映…预期" leaves no room for the stock (negative) unless what is priced in is the bad
# news ("估值已充分反映悲观预期": positive). Demand, orders or earnings being released is a rise.
_PRICED_IN = re.compile(r"(?:股价|估值|市值)[^，。；]{0,6}?(?:已|基本)?(?:较为?|比较)?充分(?:反映|体现|计入)(?:了)?([^，。；]{0,14})")
_BAD_NEWS = re.compile(r"悲观|担忧|利空|风险|下行|压力|不利")
_RELEASED = re.compile(r"(?:需求|订单|业绩|利润|盈利)[^，。；]{0,4}?(?:集中|加速|逐步|持续|陆续|有望)?释放")
_LIMITED_FALL = re.compile(r"(?:下降|下跌|下滑|回落|下行|调整|降价)[^，。；]{0,3}?空间[^，。；]{0,3}?有限")
_LIMITED_UPSIDE = re.compile(r"(?:拉动|贡献|带动|空间|弹性|提升|增量|增长|上行)[^，。；]{0,4}?(?:相对|较为|比较)?(?:有限|受限|偏弱|较弱)")
# Plenty of supply is bad news for those who sell it ("下半年生猪供给仍较充足", "冻品库存处于高位").
_AMPLE_SUPPLY = re.compile(r"(?:供给|供应|库存|存栏|运力|产能)[^，。；]{0,6}?(?:充足|充裕|宽松|过剩|高位|偏高)|"
                           r"(?:供给|供应|运力)[^，。；]{0,6}?(?:重新|集中|大量)(?:释放|投放|回归)")  # supply back on the market
_CUES = {w: 1 for w in POSITIVE} | {w: -1 for w in NEGATIVE}
_CUE_RE = re.compile("|".join(sorted(map(re.escape, _CUES), key=len, reverse=True)))
MOVES = {w: "up" for w in UP} | {w: "down" for w in DOWN} | {w: "flat" for w in FLAT}
MOVE_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, MOVES), key=len, reverse=True)) + ")(?![器机])")  # not 减速器

# "转正的概率较低", "回升的可能性不大": the move is asserted not to happen.
_UNLIKELY = re.compile(r"[^，。；]{0,3}?(?:的)?(?:概率|可能性?)(?:较低|较小|不大|很低|很小|偏低|低|小)")


def unlikely(text: str, end: int) -> bool:
    return bool(_UNLIKELY.match(text, end))


# A negated verb reaches the cue it governs: "并未受到行业下行的明显冲击", "没有出现明显恶化".
_NEGATED_VERB = re.compile(r"(?:(?:并未|并没有|没有|未|不会|不再)(?:受到|出现|造成|带来|面临|发生|看到)|[难未不]见|难有|很难有|未有|"
                           r"并非|并不是|不是)[^，。；,;]{0,10}$")


# A negator reaches its cue through an adverb of degree: 并未明显恶化, 不会大幅下滑, 难以进一步改善.
_NEGATED_ADVERB = re.compile(r"(?:并未|并没有|没有|未能|不会|未|不|难以)(?:明显|显著|大幅|进一步|继续|持续|过度|再度?)$")


# A negator of the predicate governs every cue after it in its clause ("并未因本土品牌崛起而下滑", "难以维持此前的
#高增长") unless a verb of harm stands between them: "不会影响长期增长" negates the harm, not the growth.
_SCOPED_NEGATOR = re.compile(r"未必|不一定|难言|难以|尚未|并未|并没有|没有|不会|未能|无法|不再")
_HARM = re.compile(r"影响|改变|动摇|阻碍|妨碍|拖累|冲击|削弱|干扰")


def negated(text: str, start: int, *, scoped: bool = True) -> bool:
    """A negator reaches the cue at `start`; scoped=False: only one right before it (or through a verb or an
    adverb), as the movement reader has it (tools.claims.stance.movement)."""
    if _NEGATED_VERB.search(text[max(0, start - 16):start]) or _NEGATED_ADVERB.search(text[max(0, start - 6):start]):
        return True
    clause = text[max((p.end() for p in re.finditer(r"[，。；,;：:]", text[:start])), default=0):start]
    if scoped and (scoped_by := list(_SCOPED_NEGATOR.finditer(clause))) and not _HARM.search(clause, scoped_by[-1].end()):
        return True
    before = text[max(0, start - 3):start]
    negator = next((n for n in NEGATORS if before.endswith(n)), None)
    return negator is not None and not any(text.startswith(k, start - len(negator)) for k in KEEPERS)


def _of_expense(clause: str, start: int, cues: list) -> bool:
    """The movement at `start` is an expense's: an expense word stands between the previous cue (or the clause
    start) and it ("成本下降带动毛利率提升": 下降 is the cost's, 提升 the margin's)."""
    moves = [c[1] for c in cues if clause[c[0]:c[1]] in MOVES]  # 有望/显著 are no boundary: 费用率有望下降
    commas = [m.end() for m in re.finditer(r"[，。；,;]", clause[:start])]
    # "费用将使单车净利回落": after a causative verb the move is its object's, not the expense's
    since = max(moves + commas + [m.end() for m in _CAUSATIVE.finditer(clause[:start])] + [0])
    if since not in moves and since in commas and not _SUBJECTLESS.sub("", clause[since:start]):
        since = max([c for c in moves + commas if c < since - 1] + [0])  # "…费用率仍将维持在58%以上，难以明显下降"
    span = clause[since:start]
    costs = [span.rfind(w) + len(w) for w in COST_METRIC if w in span] + [t.end() for t in _TAX.finditer(span)]
    # A Chinese noun phrase ends on its head: in 成本优势 or 负债端质量 what moves is the advantage, the quality.
    return bool(costs) and not _GOOD_HEAD.search(span, max(costs))


_GOOD_HEAD = re.compile(r"优势|质量|效率|能力|管控|控制|覆盖|份额|竞争力|结构")


_CAUSATIVE = re.compile(r"使得?|导致|令|致使|推动|带动|拖累")
_SUBJECTLESS = re.compile(r"同比|环比|明显|显著|大幅|小幅|有望|难以|将|仍|也|会|进一步|持续|逐步|继续|\s")


# A result or pace set against expectations is the clause's verdict on what it measures: "订单增长不及预期" is
# negative although 增长 is a rise, "价格下行超预期" negative although 超 is a beat, 费用低于预期 good news.
VERDICT = re.compile("(" + "|".join(sorted(BEATS + MISSES, key=len, reverse=True)) + r")(?:市场|我们|此前|前期)?的?预期")


def _verdict(clause: str) -> int:
    if (m := VERDICT.search(clause)) is None:
        return 0
    sign = 1 if m[1] in BEATS else -1
    start = max((p.end() for p in re.finditer(r"[，,；;：:]", clause[:m.start()])), default=0)
    subject = clause[start:m.start()]  # what beats or misses, in the verdict's own clause: a rise, a fall, an expense
    measured = score(subject)
    if measured == 0 and any(w in subject for w in COST_METRIC):
        measured = -1
    return -sign if measured < 0 else sign


def score(clause: str) -> int:
    """Sum of polarity cues in one clause; a negator flips the cue after it, 有限 the cue before it.
    "影响/冲击/压力…有限" (a limited downside) is positive, "拉动/空间/弹性…有限" (a limited upside) negative."""
    if (denied := _DENIED_INFERENCE.search(clause)) and (meant := score(clause[denied.end():])):
        return -meant
    if verdict := _verdict(clause):
        return verdict
    if _LIMITED_DOWNSIDE.search(clause) or _LIMITED_FALL.search(clause) or _EASING.search(clause):
        return 1
    if _LIMITED_UPSIDE.search(clause) or _AMPLE_SUPPLY.search(clause) or _SIZABLE_DOWNSIDE.search(clause):
        return -1
    if _INTACT.search(clause):
        return 1
    if priced := _PRICED_IN.search(clause):
        return 1 if _BAD_NEWS.search(priced[1]) else -1
    if _RELEASED.search(clause) and not _CUE_RE.search(clause):
        return 1
    cues = []
    for m in _CUE_RE.finditer(clause):
        if m[0] == "难以":
            continue  # it acts on the cue after it
        sign = _CUES[m[0]]
        if MOVES.get(m[0]) in ("up", "down") and m[0] not in JUDGED_MOVES and _of_expense(clause, m.start(), cues):
            sign = -sign  # 费用率下降 is good, 减值增加 bad
        if negated(clause, m.start()) or clause[max(0, m.start() - 2):m.start()] == "难以" or unlikely(clause, m.end()) \
                or _NOT_ARRIVED.match(clause, m.end()):
            sign = -sign
        cues.append([m.start(), m.end(), sign])
    for m in re.finditer(r"有限", clause):
        near = [c for c in cues if c[1] <= m.start() and m.start() - c[1] <= 10]
        if near:
            near[-1][2] = -near[-1][2]
    total = sum(c[2] for c in cues)
    if total == 0 and "难以" in clause:
        total = -1
    return total
