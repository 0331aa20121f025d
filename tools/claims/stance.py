"""Direction and stance of a claim, with negation and contrast handled, and self-declared disagreement.

- Contrast: in "虽然A，但B", "A，不过B" and "市场担忧A，我们认为B" the report's own view is B; the clause after
  the turn decides, the one before only when the turn carries no signal.
- Negation: a negator right before a cue flips it (并未恶化 → positive, 难以企稳 → down/negative); 不改 keeps
  it (不改长期向好 is positive).
- Limits: 有限 after a negative cue limits a downside (价格战对龙头影响有限 → positive); after a positive cue it
  limits an upside (拉动有限, 提升空间有限 → negative). "X的空间有限" after a movement means no further move.
- Metrics with a cost sense (成本, 费用, 库存, 减值, 不良…) turn an upward move negative and a downward one
  positive when the words carry no polarity of their own.
"""

from __future__ import annotations

import re

from tools.claims.lexicon import (BEATS, BOTTOMING, COST_METRIC, COST_SENSE, DOWN, FLAT, INTENSIFIERS, JUDGED_MOVES, KEEPERS,
                                  KEEPS, MISSES, NEGATIVE, NEGATORS, POSITIVE, UP)

_TAX = re.compile(r"(?<!免)税(?!收入|后|前)")  # a tax is an expense (报废税上调); 免税销售额 is a sales line
_NOT_ARRIVED = re.compile(r"[^，。；]{0,2}?(?:尚未|还未|并未|仍未|未|没有)(?:到来|出现|显现|来临|兑现)")  # 拐点尚未到来
# "虽然短期承压，但…并未改变": what the concession threatens holds, the view is the concession's opposite.
_UNCHANGED = re.compile(r"(?:并未|并没有|没有|未|不会|并不会)(?:因此|因而|根本性?|本质性?)?(?:发生)?(?:改变|变化|动摇)|不变|依然成立|仍然成立")
LEVEL = re.compile(r"持平|平稳|趋稳|基本(?:保持)?稳定|保持稳定")  # a level held: neutral
_TURN = re.compile(r"虽然|虽|尽管|即使|即便|哪怕|但是|但|然而|不过|却|而是|不改|我们(?:的)?(?:认为|判断|预计|相信|看法|观点)")
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
_MOVES = {w: "up" for w in UP} | {w: "down" for w in DOWN} | {w: "flat" for w in FLAT}
_MOVE_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, _MOVES), key=len, reverse=True)) + ")(?![器机])")  # not 减速器
# "保持15%以上增长": up to 10 characters (a figure, 较快, 高速) between the keeping verb and the move it keeps.
_KEPT_MOVE = re.compile(r"[^，。；,;]{0,10}?(" + "|".join(sorted(map(re.escape, _MOVES), key=len, reverse=True)) + ")")
_SELF = re.compile(
    r"(?<![没无不])(?:存在|有|的|主要|最大)?分歧(?!不大)|与市场(?:的|主流|一致)?(?:观点|预期|判断|看法|认知)?(?:不同|不一致|存在差异|有所不同)|"
    r"不同于市场|与部分(?:机构|投资者|券商)[^。；]{0,40}?(?:不同|不一致)|低于部分(?:机构|投资者)|高于部分(?:机构|投资者)|"
    r"市场(?:普遍|部分)?(?:担忧|担心|期待|预期|认为|关注)[^。；]{0,60}?我们(?:认为|判断|预计)|"
    r"(?:我们的|我们)(?:判断|看法|观点)(?:相对|更为|更加|较为)(?:乐观|谨慎|保守)|"
    # the report's own caution (我们对…更为谨慎, "…：更为谨慎"), not a third party's (机构端的采购也更加谨慎)
    r"我们[^。；，]{0,24}?(?:更为|更加)(?:谨慎|乐观|保守)|(?:^|[，：；:])(?:对[^，。；]{1,20}?)?(?:更为|更加)(?:谨慎|乐观|保守)")
_AGREE = re.compile(r"(?:没有|无|不存在)(?:太大|明显)?分歧|分歧不大|与市场(?:判断|预期|观点)?(?:基本)?一致")

# "转正的概率较低", "回升的可能性不大": the move is asserted not to happen.
_UNLIKELY = re.compile(r"[^，。；]{0,3}?(?:的)?(?:概率|可能性?)(?:较低|较小|不大|很低|很小|偏低|低|小)")


def _unlikely(text: str, end: int) -> bool:
    return bool(_UNLIKELY.match(text, end))


# A negated verb reaches the cue it governs: "并未受到行业下行的明显冲击", "没有出现明显恶化".
_NEGATED_VERB = re.compile(r"(?:(?:并未|并没有|没有|未|不会|不再)(?:受到|出现|造成|带来|面临|发生|看到)|[难未不]见|难有|很难有|未有|"
                           r"并非|并不是|不是)[^，。；,;]{0,10}$")


# A negator reaches its cue through an adverb of degree: 并未明显恶化, 不会大幅下滑, 难以进一步改善.
_NEGATED_ADVERB = re.compile(r"(?:并未|并没有|没有|未能|不会|未|不|难以)(?:明显|显著|大幅|进一步|继续|持续|过度|再度?)$")


def _negated(text: str, start: int) -> bool:
    if _NEGATED_VERB.search(text[max(0, start - 16):start]) or _NEGATED_ADVERB.search(text[max(0, start - 6):start]):
        return True
    before = text[max(0, start - 3):start]
    negator = next((n for n in NEGATORS if before.endswith(n)), None)
    return negator is not None and not any(text.startswith(k, start - len(negator)) for k in KEEPERS)


def _of_expense(clause: str, start: int, cues: list) -> bool:
    """The movement at `start` is an expense's: an expense word stands between the previous cue (or the clause
    start) and it ("成本下降带动毛利率提升": 下降 is the cost's, 提升 the margin's)."""
    moves = [c[1] for c in cues if clause[c[0]:c[1]] in _MOVES]  # 有望/显著 are no boundary: 费用率有望下降
    commas = [m.end() for m in re.finditer(r"[，。；,;]", clause[:start])]
    # "费用将使单车净利回落": after a causative verb the move is its object's, not the expense's
    since = max(moves + commas + [m.end() for m in _CAUSATIVE.finditer(clause[:start])] + [0])
    if since not in moves and since in commas and not _SUBJECTLESS.sub("", clause[since:start]):
        since = max([c for c in moves + commas if c < since - 1] + [0])  # "…费用率仍将维持在58%以上，难以明显下降"
    return any(w in clause[since:start] for w in COST_METRIC) or bool(_TAX.search(clause[since:start]))


_CAUSATIVE = re.compile(r"使得?|导致|令|致使|推动|带动|拖累")
_SUBJECTLESS = re.compile(r"同比|环比|明显|显著|大幅|小幅|有望|难以|将|仍|也|会|进一步|持续|逐步|继续|\s")


# A result or pace set against expectations is the clause's verdict on what it measures: "订单增长不及预期" is
# negative although 增长 is a rise, "价格下行超预期" negative although 超 is a beat, 费用低于预期 good news.
_VERDICT = re.compile("(" + "|".join(sorted(BEATS + MISSES, key=len, reverse=True)) + r")(?:市场|我们|此前|前期)?的?预期")


def _verdict(clause: str) -> int:
    if (m := _VERDICT.search(clause)) is None:
        return 0
    sign = 1 if m[1] in BEATS else -1
    start = max((p.end() for p in re.finditer(r"[，,；;：:]", clause[:m.start()])), default=0)
    subject = clause[start:m.start()]  # what beats or misses, in the verdict's own clause: a rise, a fall, an expense
    measured = _score(subject)
    if measured == 0 and any(w in subject for w in COST_METRIC):
        measured = -1
    return -sign if measured < 0 else sign


# An impact or a result judged, not a move asserted: two brokers who both see 关税上调 and judge its impact on
# exports 有限 vs 较大, or who see orders grow 超预期 vs 不及预期, disagree although their movement words agree.
_IMPACT_JUDGED = re.compile(r"(?:影响|冲击|拖累|扰动|摊薄|稀释)[^，。；]{0,6}?(?:有限|可控|较大|很大|巨大|较小|不大|显著|明显|严重|难以消化|可以忽略)")


def judged(text: str) -> bool:
    """The report's own clause judges an impact or sets a result against expectations (see _verdict)."""
    own = own_clause(text)
    return bool(_VERDICT.search(own) or _IMPACT_JUDGED.search(own))


def _score(clause: str) -> int:
    """Sum of polarity cues in one clause; a negator flips the cue after it, 有限 the cue before it.
    "影响/冲击/压力…有限" (a limited downside) is positive, "拉动/空间/弹性…有限" (a limited upside) negative."""
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
        if _MOVES.get(m[0]) in ("up", "down") and m[0] not in JUDGED_MOVES and _of_expense(clause, m.start(), cues):
            sign = -sign  # 费用率下降 is good, 减值增加 bad
        if _negated(clause, m.start()) or clause[max(0, m.start() - 2):m.start()] == "难以" or _unlikely(clause, m.end()) \
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


def _clauses_after_turn(text: str) -> tuple[str, str]:
    """(the clause before the last turn word, the part from it on); ("", text) without a turn."""
    turns = list(_TURN.finditer(text))
    if not turns:
        return "", text
    last = turns[-1]
    if last[0] in ("虽然", "虽", "尽管", "即使", "即便", "哪怕"):  # 尽管A，B / 即使A，B: B is the view, A the concession
        comma = re.search(r"[，,]", text[last.end():])
        return (text[:last.end() + comma.start()], text[last.end() + comma.end():]) if comma else ("", text)
    return text[:last.start()], text[last.start():]


# A condition is not an assertion: "原奶价格企稳后，…减值将明显减少" asserts the second clause only; so is a
# time bound ("在产业链价格企稳前，公司仍将亏损"), a setting ("在价格中枢下移的环境中，…"), an assumption
# ("按行业平均成本14元/kg计算，…") and a lens ("从历史数据看，…").
_CONDITION = re.compile(r"^\s*(?:若|如果|假如|倘若|一旦)[^。；;]*|"  # a sentence opening on 若 is a scenario to its end
                        r"(?:(?<=^)|(?<=[，。；：,;]))(?:若|如果|假如|一旦|倘若|只要)[^，。；,;]*|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))[^，。；：,;]{1,20}?(?:后|之后|以后|之前|前|的话|前提下)(?=[，,])|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))在[^，。；：,;]{1,24}?(?:环境|背景|情况|形势|周期|过程|阶段)(?:中|下)(?=[，,])|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))(?:按|以|若按)[^，。；：,;]{1,24}?(?:计算|测算|估算)(?=[，,])|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))从[^，。；：,;]{1,12}?(?:看|来看|角度看)(?=[，,])")


# A view the report attributes to others, unquoted. It runs to the report's own turn when one follows in the
# sentence ("市场普遍担忧A，叠加B，下半年价格将持续下行，我们认为…": B and the fall are still the market's), else
# to the end of the sentence (the rebuttal comes in the next one); "与市场预期的产能出清不同，…" ends with its clause.
_VIEW_HEAD = (r"(?<![超于及达])(?:市场上?|部分机构|部分投资者|投资者|市场主流观点|主流观点|一致预期|有观点|部分观点|有投资者)"
              r"(?:普遍|主流|此前|也)?(?:观点)?(?:认为|预期|担忧|担心|期待|判断|关注)")
_OTHERS_VIEW = re.compile(rf"(?<=与){_VIEW_HEAD}[^，。；：,;]*|"  # 与市场预期的产能出清不同，…: to its clause end
                          rf"{_VIEW_HEAD}(?:[^。；;]*?(?=[，,]\s*(?:但|然而|不过|我们(?:的)?(?:认为|判断|预计|看法|观点)))|[^。；;]*)")


_REBUTTAL = re.compile(rf"{_VIEW_HEAD}[^。；;]*?[，,]\s*(?:但|然而|不过|我们(?:的)?(?:认为|判断|预计|看法|观点))")


def rebuts(text: str) -> bool:
    """The sentence sets the report's own turn against a view it attributes to others (市场普遍认为A，但…)."""
    return bool(_REBUTTAL.search(text))


def unquoted(text: str) -> str:
    """The text with quoted or attributed views and conditions blanked (same length): “储能价格战对龙头影响有限”
    or "市场普遍认为…" in a report is another's view; "原奶价格企稳后，" the premise of a claim, not the claim."""
    blank = re.sub(r"“[^”]*”|\"[^\"]*\"|「[^」]*」", lambda q: "　" * len(q[0]), text)
    blank = _OTHERS_VIEW.sub(lambda q: "　" * len(q[0]), blank)
    return _CONDITION.sub(lambda q: "　" * len(q[0]), blank)


def contrast_kept(text: str) -> str:
    """What "不是/并非A，而是B" asserts: B, with the rest blanked ("价格下跌并非需求坍塌，而是新增产能集中释放所致"
    is about supply, not about the price). A concession (虽然A，但B) keeps both: A is still the report's."""
    turns = [m for m in _TURN.finditer(text) if m[0] == "而是"]
    if not turns:
        return text
    cut = turns[-1].start()
    return "　" * cut + text[cut:]


def own_clause(text: str) -> str:
    """The part of a claim that carries the report's own view (after 但/不过/我们认为…)."""
    return _clauses_after_turn(unquoted(text))[1]


# "单位成本随产能利用率提高而摊薄": the move inside 随…而 is the driver's, not the subject's.
_DRIVER = re.compile(r"随着?[^，。；,;]{1,16}?(?=而)")


def movement(text: str, at: int | None = None) -> tuple[str | None, str | None]:
    """(up / down / flat, the movement word) the claim asserts: the movement word nearest before its
    figure at `at`, else the first one of the report's own clause, else the first; negation applied."""
    text = _DRIVER.sub(lambda d: "　" * len(d[0]), unquoted(text))
    _, own = _clauses_after_turn(text)
    near = [m for m in _MOVE_RE.finditer(text) if at is not None and m.end() <= at and at - m.end() <= 12]
    own_start = len(text) - len(own)
    m = near[-1] if near else (_MOVE_RE.search(text, own_start) or _MOVE_RE.search(text))
    if m is None:
        return None, None
    if m[0] in INTENSIFIERS and (nxt := _MOVE_RE.match(text, m.end())):
        m = nxt  # 加速出清 is a fall, 加速提升 a rise
    elif m[0] in BOTTOMING and (nxt := _MOVE_RE.match(text, m.end())) and _MOVES[nxt[0]] == "up":
        m = nxt  # 触底回升, 见底反弹: the rise after the bottom
    elif m[0] in KEEPS and (nxt := _KEPT_MOVE.match(text, m.end())) and _MOVES[nxt[1]] in ("up", "down"):
        m = _MOVE_RE.match(text, nxt.start(1))  # 保持较快增长 and 维持下行趋势 keep a move going, not a level
    move = _MOVES[m[0]]
    tail = text[m.end():m.end() + 12]
    if re.match(r"[^，。；]{0,6}?(?:空间|幅度)[^，。；]{0,3}?有限", tail):
        return "flat", None  # 继续大幅下降的空间有限
    if _negated(text, m.start()) or _unlikely(text, m.end()):
        return {"up": "flat", "down": "flat", "flat": "down"}[move], None
    return move, m[0]


def direction_of(text: str, at: int | None = None) -> str | None:
    """up / down / flat for the movement the claim asserts (see `movement`)."""
    return movement(text, at)[0]


def stance_of(text: str, metric: str = "", *, forecast: bool = False, outlook: str = "positive") -> str:
    """positive / negative / neutral: what the claim means for its subject. A bare forecast figure (no cue, no
    movement) carries no polarity of its own: it reads as the report's `outlook` (see `report_outlook`)."""
    before, own = _clauses_after_turn(unquoted(text))
    cost = any(w in (metric or text) for w in COST_SENSE)
    score = _score(re.sub(r"基本(?:保持)?稳定|保持稳定", lambda m: "　" * len(m[0]), own))  # a level, not a plus
    # The clause before the turn speaks only when the report's own clause is silent, and never when it was
    # denied (不是A，而是B) or when the own clause holds a level (基本持平, 总体平稳: neutral, whatever came before).
    if score == 0 and before and not own.startswith("而是") and not LEVEL.search(own):
        score = -_score(before) if _UNCHANGED.search(own) else _score(before)
    if score == 0 and (move := direction_of(text)) in ("up", "down"):
        score = (1 if move == "up" else -1) * (-1 if cost else 1)
    if score == 0 and forecast and not any(w in metric for w in COST_SENSE) and not LEVEL.search(own):
        score = _OUTLOOK_SIGN.get(outlook, 0)  # the case the broker argues with its rating
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


_OUTLOOK_SIGN = {"positive": 1, "neutral": 0, "negative": -1}
_RATING_CLASS = {"买入": "positive", "增持": "positive", "中性": "neutral", "减持": "negative", "卖出": "negative"}


def report_outlook(rating: str | None, action: str | None) -> str:
    """What a report's bare forecast figures argue, from its cover rating (bucket 买入…卖出) and action: a
    positive rating frames its profit and revenue forecasts as the case for the stock; a neutral or negative
    rating, or one just cut (下调), frames them as the lowered numbers behind the cut. No rating: positive
    (the usual broker note argues for the stock it covers)."""
    if rating is None:
        return "positive"
    outlook = _RATING_CLASS.get(rating, "positive")
    return "neutral" if outlook == "positive" and action == "下调" else outlook


def self_declared(text: str) -> bool:
    """The report says its view differs from the market's or another broker's."""
    return bool(_SELF.search(text)) and not _AGREE.search(text)
