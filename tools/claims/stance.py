"""Direction and stance of a claim, with negation and contrast handled, and self-declared disagreement.

- Contrast: in "虽然A，但B", "A，不过B" and "市场担忧A，我们认为B" the report's own view is B; the clause after
  the turn decides, the one before only when the turn carries no signal.
- Negation: a negator right before a cue flips it (并未恶化 → positive, 难以企稳 → down/negative); 不改 keeps
  it (不改长期向好 is positive).
- Limits: 有限 after a negative cue limits a downside (价格战对龙头影响有限 → positive); after a positive cue it
  limits an upside (拉动有限, 提升空间有限 → negative). "X的空间有限" after a movement means no further move.
- Metrics with a cost sense (成本, 费用, 库存, 减值, 不良…) turn an upward move negative and a downward one
  positive when the words carry no polarity of their own.

The polarity of one clause is tools.claims.polarity's; which clause is the report's own, and the movement it
asserts, tools.claims.clauses'; this module decides which clause speaks for the subject.
"""

from __future__ import annotations

import re

from tools.claims.clauses import IF_WORDS, clauses_after_turn, direction_of, movement, own_clause, unquoted
from tools.claims.judgements import clause_start
from tools.claims.lexicon import COST_SENSE, JUDGED_MOVES
from tools.claims.stance_context import OPEN_QUESTION, SENSITIVITY, argues_nothing, guidance_only
from tools.claims.subject_costs import buys, input_price_ends
from tools.claims.cues import CUE_RE, MOVES
from tools.claims.polarity import VERDICT, moves, score

# "虽然短期承压，但…并未改变": what the concession threatens holds, the view is the concession's opposite.
_UNCHANGED = re.compile(r"(?:并未|并没有|没有|未|不会|并不会)(?:因此|因而|根本性?|本质性?)?(?:发生)?(?:改变|变化|动摇)|不变|依然成立|仍然成立")
# The report revising its own forecast or assumption (下调2026年毛利率假设, 盈利预测上调至…).
_REVISION = re.compile(r"(?:上调|下调|上修|下修|调升|调降|调低|调高)[^，。；,;]{0,16}?(?:预测|假设|EPS)|"
                       r"(?:预测|假设|EPS)[^，。；,;]{0,12}?(?:上调|下调|上修|下修)")
# What a result is set beside: an earlier period, the report's own or the market's earlier numbers.
_BENCHMARK = (r"(?:去年|上年|往年|今年|本年|上季度|同期|我们的?|此前|前期|[一二三四]季度|[1-4]Q|Q[1-4]|上半年|上月|市场|"
              r"(?:Wind|万得|彭博)?一致预期|Wind|万得|(?:公司|管理层)?(?:年初|此前|全年)?的?(?:指引|经营目标))")
# A level held, or a result in line with a benchmark: neutral (与去年相当, 符合市场预期, 区间震荡).
# A bottom still being formed (仍将在1.3万元附近震荡筑底, 仍在磨底) is a level, not yet a recovery.
_STILL_BOTTOMING = r"(?:仍|还|依然)[^，。；,;]{0,14}?(?:筑底|磨底)"
LEVEL = re.compile(r"持平|平稳|趋稳|基本(?:保持)?稳定|保持稳定|保持不变|震荡|窄幅波动|区间内?(?:波动|运行)|符合[^，。；,;]{0,8}?预期|" + _STILL_BOTTOMING + "|"
                   r"与" + _BENCHMARK + r"[^，。；,;]{0,12}?(?:相当|相近|一致|相同|接近)")
# "净利润同比增长0.3%，与去年基本持平": a move the report itself sizes as no move against a benchmark is a level.
# Forces said to balance (供需格局总体平衡, 与需求增长大致匹配, 相互抵消) net to no move either.
_SIZED_FLAT = re.compile(r"与" + _BENCHMARK + r"[^，。；,;]{0,8}?(?:基本|大致|大体)(?:持平|相当|相同|一致)|"
                         r"(?:供需|供求)[^，。；,;]{0,4}?(?:基本|总体|大致|整体)平衡|相互抵消|(?:基本|大致)匹配")
_CONCEDED = re.compile(r"虽然|虽|尽管|即使|即便|哪怕")
# A size that shrinks (规模/幅度…收窄): said of the threat a concession names, the threat eases.
_SHRINKS = re.compile(r"^(?:但是?|然而|不过)[^，。；,;]{0,12}?(?:收窄|缩小|减小|减弱|减轻)")
_SELF = re.compile(
    r"(?<![没无不])(?:存在|有|的|主要|最大)?分歧(?!不大)|与市场(?:的|主流|一致)?(?:观点|预期|判断|看法|认知)?(?:不同|不一致|存在差异|有所不同)|"
    r"不同于市场|与部分(?:机构|投资者|券商)[^。；]{0,40}?(?:不同|不一致)|低于部分(?:机构|投资者)|高于部分(?:机构|投资者)|"
    r"市场(?:普遍|部分)?(?:担忧|担心|期待|预期|认为|关注)[^。；]{0,60}?我们(?:认为|判断|预计)|"
    r"(?:我们的|我们)(?:判断|看法|观点)(?:相对|更为|更加|较为)(?:乐观|谨慎|保守)|"
    # the report's own caution (我们对…更为谨慎, "…：更为谨慎"), not a third party's (机构端的采购也更加谨慎)
    r"我们[^。；，]{0,24}?(?:更为|更加)(?:谨慎|乐观|保守)|(?:^|[，：；:])(?:对[^，。；]{1,20}?)?(?:更为|更加)(?:谨慎|乐观|保守)")
_AGREE = re.compile(r"(?:没有|无|不存在)(?:太大|明显)?分歧|分歧不大|与市场(?:判断|预期|观点)?(?:基本)?一致")


# An impact or a result judged, not a move asserted: two brokers who both see 关税上调 and judge its impact on
# exports 有限 vs 较大, or who see orders grow 超预期 vs 不及预期, disagree although their movement words agree.
_IMPACT_JUDGED = re.compile(r"(?:影响|冲击|拖累|扰动|摊薄|稀释)[^，。；]{0,6}?(?:有限|可控|较大|很大|巨大|较小|不大|显著|明显|严重|难以消化|可以忽略)|"
                            # a pressure or risk sized the same way (下降压力有限, 利差损风险可控, 压力难以缓解): both
                            # brokers may see 负债成本下降 and still disagree on whether the pressure it brings is over
                            r"(?:压力|风险)[^，。；]{0,4}?(?:有限|可控|较大|较小|不大|难以缓解|仍难缓解|仍存|仍大)")


def judged(text: str) -> bool:
    """The report's own clause judges an impact or sets a result against expectations (see _verdict)."""
    own = own_clause(text)
    return bool(VERDICT.search(own) or _IMPACT_JUDGED.search(own))



# A supply-side lead (供给端，…; 供给侧来看，…): the volume that moves after it is the market's supply, and more supply is
# bad news for those who sell (as judgements reads 供给充裕 and 供给收缩), good for who buys it (subject_costs.buys).
_SUPPLY_LEAD = re.compile(r"^\s*(?:[^，。；：:]{0,8}[：:])?\s*(?:供给|供应)(?:端|侧|面)(?:看|来看|方面)?[，,：:]")
_VOLUME = re.compile(r"产量|产能|运力|存栏|出栏|供给|供应|进口|交付|开工率|投产")


# What the report's model leaves out (暂不纳入盈利预测, 盈利模型中暂不假设…, 暂不将海外业务作为核心假设): a note on the
# forecast's scope, neutral whatever the reason given before it.
MODEL_SCOPE = re.compile(r"(?:暂不|暂未|未|不)(?:将)?[^，。；,;]{0,12}?(?:纳入|计入)[^，。；,;]{0,6}?(?:盈利预测|预测|模型|估值)|"
                         r"(?:模型|预测)中?暂不(?:假设|考虑)|暂不将[^，。；,;]{0,12}?作为[^，。；,;]{0,6}?假设|"
                         # what a deal or a project would add, left out (暂不考虑此次并购对业绩的增厚)
                         r"(?:暂不|暂未|尚未)(?:考虑|计入|包含)[^，。；,;]{0,20}?(?:增厚|贡献|摊薄|影响|收益)|"
                         r"(?:不|并不|暂不)(?:影响|改变)[^，。；,;]{0,6}?(?:盈利预测|业绩预测)")  # 回购不影响我们的盈利预测


def stance_of(text: str, metric: str = "", *, forecast: bool = False, outlook: str = "positive") -> str:
    """positive / negative / neutral: what the claim means for its subject. A bare forecast figure (no cue, no
    movement) carries no polarity of its own: it reads as the report's `outlook` (see `report_outlook`)."""
    if MODEL_SCOPE.search(unquoted(text)) or SENSITIVITY.search(text):
        return "neutral"  # a note on what the report's model leaves out, or a sensitivity line: no view of the subject
    before, own = clauses_after_turn(unquoted(text))
    # 公司指引收入环比增长6%-8%, 恢复的持续性存在不确定性: a figure restated or a move left open, unjudged (an
    # uncertainty about no move, 政策落地节奏存在不确定性, stays the risk it names)
    cues, left = CUE_RE.findall(own), CUE_RE.findall(OPEN_QUESTION.sub("", own))
    if (guidance_only(text) and all(c in MOVES and c not in JUDGED_MOVES for c in cues)) or \
            (OPEN_QUESTION.search(own) and (left or not cues) and all(c in MOVES and c not in JUDGED_MOVES for c in left)):
        return "neutral"
    # a bare price metric (价格, 均价) is the price the text names: 乙烷价格 for a chemical maker is its cost
    cost = any(w in (metric or text) for w in COST_SENSE) or bool(input_price_ends(text if "价" in metric else metric or text))
    total = score(re.sub(r"基本(?:保持)?稳定|保持稳定|窄幅波动|区间内?(?:波动|运行)|" + _STILL_BOTTOMING,
                         lambda m: "　" * len(m[0]), own))  # a level (区间窄幅波动: 波动 is no risk there)
    if (said := _subject_clause(own)) and (said > 0) != (total > 0 if total else said < 0):
        total = said  # 硫磺价格大幅上涨，公司磷肥生产成本明显上升: what the scene means for the subject
    if (revision := _REVISION.search(own)) and (revised := score(own[clause_start(own, revision.start()):])):
        total = revised  # the report's own forecast revision is the news (稳健，维持买入评级，下调毛利率假设至21.5%)
    if _SIZED_FLAT.search(own) and all(c in MOVES and c not in JUDGED_MOVES for c in CUE_RE.findall(own)):
        return "neutral"  # only moves, sized as none (增长0.3%，与去年基本持平); a judgement (改善) still speaks
    if total and _SUPPLY_LEAD.match(text) and _VOLUME.search(own) and not buys(own) and \
            all(c in MOVES and c not in JUDGED_MOVES for c in CUE_RE.findall(own)):
        total = -total  # 供给端，…产量同比下降约3%: less supply, good news for who sells it
    # The clause before the turn speaks only when the report's own clause is silent, and never when it was
    # denied (不是A，而是B) or when the own clause holds a level (基本持平, 总体平稳: neutral, whatever came before).
    if (cause := _DENIED_CAUSE.search(own)) and (denied := score(cause[1]) or _MOVE_SIGN.get(movement(cause[1])[0], 0)):
        total = -denied  # 放缓并非需求转弱所致，主要系主动控货: the bad reading denied is the view, as with 而是 below
    if total == 0 and (scenario := _SCENARIO.match(text)):
        total = score(scenario[1])  # 若原材料价格上行，盈利或将承压: a scenario's downside is the risk the report flags
    if total == 0 and own.startswith("而是") and (denial := _DENIAL.search(before.rstrip("，, 　"))):
        total = score(denial[0])  # 下滑并非需求恶化，而是执行节奏所致: the denied reading is the view (not demand)
    elif total == 0 and _SHRINKS.search(own) and _CONCEDED.search(before) and score(before) < 0:
        total = 1  # 虽然仍有减值压力，但规模明显收窄: the threat conceded shrinks
    elif total == 0 and before and not own.startswith("而是") and not LEVEL.search(own) and not _UNCHANGED.search(own) \
            and (said := moves(own)):
        total = said  # 增长6%，不过综合成本率上升，承保利润收缩: the own clause's moves speak before the concession
    elif total == 0 and before and not own.startswith("而是") and not LEVEL.search(own):
        # the clause before speaks through its own turn (虽然A下滑，但B饱满，我们判断…: B, not A + B)
        said = score(clauses_after_turn(before)[1]) or score(before)
        total = -said if _UNCHANGED.search(own) else said
    elif total == 0 and LEVEL.search(own) and _CONCEDED.search(before) and score(before) < 0:
        total = 1  # 虽然波动加大，但收益基本稳定: a level held against the threat conceded is resilience
    if total == 0 and (move := direction_of(text)) in ("up", "down") and not re.search(_STILL_BOTTOMING, own):
        total = (1 if move == "up" else -1) * (-1 if cost else 1)
    if total == 0 and _LOSS.search(own):
        total = -1  # a profit stated or forecast below zero (归母净利润分别为-8.6/-2.4/1.5亿元) is a loss
    if total == 0 and forecast and not any(w in metric for w in COST_SENSE) and not LEVEL.search(own) \
            and not argues_nothing(text):
        total = _OUTLOOK_SIGN.get(outlook, 0)  # the case the broker argues with its rating
    return "positive" if total > 0 else "negative" if total < 0 else "neutral"


# A scene, then the subject (原料药价格持续下行，公司原料药板块收入承压; 行业需求下滑，公司订单逆势增长): the first
# clause that names the company after clauses that do not is what the scene means for it.
_SUBJECT_OPENS = re.compile(r"[，,；;]\s*(?:而|但|同时|因此|从而|进而|带动|使得?)?(?:公司|本公司)")


def _subject_clause(own: str) -> int:
    if (named := _SUBJECT_OPENS.search(own)) is None or "公司" in own[:named.start()]:
        return 0
    if not (score(own[:named.start()]) or moves(own[:named.start()])):
        return 0  # no scene, only a lead-in (我们认为，公司…)
    clause = re.split(r"[，,；;]", own[named.start() + 1:])[0]
    return score(clause) or moves(clause)


# "X并非A，而是B" with a neutral B (a cause named instead): the report denies the reading A, as "A影响有限" would.
_DENY = r"(?:并非|并不是|不是|绝非)"
_DENIAL = re.compile(_DENY + r"[^，。；,;]+$")
# A cause denied (…并非需求转弱所致，主要系…): the report explains a move away, whatever cause it names instead.
_DENIED_CAUSE = re.compile(_DENY + r"(?:由于|因为|受)?([^，。；,;]{1,20}?)(?:所致|导致|造成|引起|引发)")
_MOVE_SIGN = {"up": 1, "down": -1}
_LOSS = re.compile(r"(?:净利润|净利|利润总额|EPS|每股收益)[^，。；,;]{0,10}?(?:为|分别为|约|至)\s*[-−–]\s*\d")
# A sentence that opens on a condition and states what follows from it (若A，B): the consequence, read alone.
_SCENARIO = re.compile(r"^\s*" + IF_WORDS + r"[^，。；,;]+[，,]([^。；;]+)")
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
