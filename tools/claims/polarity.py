"""Polarity of one clause: the sum of its cues, each cue signed by what it measures and what governs it.

A cue (lexicon.POSITIVE / NEGATIVE) is flipped by a negator that governs it (the predicate's negator reaches
every cue after it in its clause: 并未因…而下滑, 难以维持…高增长), by a limitation after it (拉动有限), by an
unlikelihood (转正的概率较低) and, for a movement, by an expense or an input that moves (费用率下降 and 原材料价格
回落 are good news; a noun phrase moves by its head, so 成本优势提升 is an advantage rising). Whole judgements come
first (tools.claims.judgements) and verdicts against expectations or guidance; a comparison with a benchmark
(低于行业) and a level's height (维持低位) speak only when no cue does.
The cue tables and what reverses a cue (negators, unlikelihood, what has not come) are tools.claims.cues'.
The clause-level reading of tools.claims.stance and tools.claims.clauses (turns, quotes, conditions) calls `score`.
"""

from __future__ import annotations

import re

from tools.claims.cues import CUE_RE, CUES, MOVE_RE, MOVES, negated, not_arrived, unlikely
from tools.claims.judgements import RELEASED as _RELEASED
from tools.claims.judgements import clause_start, judgement
from tools.claims.subject_costs import input_price_ends
from tools.claims.lexicon import BEATS, BOTTOMING, COST_METRIC, INPUTS, JUDGED_MOVES, MISSES

_TAX = re.compile(r"(?<![免退])税(?!收入|后|前)")  # a tax is an expense (报废税上调); 免税销售额 is a sales line, 退税 income
# "价格下调未必意味着盈利能力下降": the inference is denied; what it would have meant, reversed, is the claim.
_DENIED_INFERENCE = re.compile(r"(?:未必|并不|不|并非)(?:一定|必然)?(?:意味着|代表|等于)")
# A predicate denied (增长动能难言强劲, 业绩改善谈不上明显): the cues before the denial name its subject, not a claim.
_DENIED_PREDICATE = re.compile(r"难言|难称|谈不上|称不上|算不上")
# "扣非后仅增长3%": 仅/只 sizes the move after it as small, an upside limited (or a downside: 成本仅上升1%).
_ONLY = re.compile(r"(?<![不])(?:仅|仅仅|只)(?:有|为)?$")


def _of_expense(clause: str, start: int, cues: list) -> bool:
    """The movement at `start` is an expense's: an expense word stands between the previous cue (or the clause
    start) and it ("成本下降带动毛利率提升": 下降 is the cost's, 提升 the margin's)."""
    # 有望/显著 are no boundary (费用率有望下降), nor is a bottoming that the move completes (饲料价格企稳回升)
    moves = [c[1] for c in cues if clause[c[0]:c[1]] in MOVES and clause[c[0]:c[1]] not in BOTTOMING]
    commas = [m.end() for m in re.finditer(r"[，。；,;]", clause[:start])]
    # "费用将使单车净利回落": after a causative verb the move is its object's, not the expense's
    since = max(moves + commas + [m.end() for m in _CAUSATIVE.finditer(clause[:start])] + [0])
    if since not in moves and since in commas and not _SUBJECTLESS.sub("", clause[since:start]):
        since = max([c for c in moves + commas if c < since - 1] + [0])  # "…费用率仍将维持在58%以上，难以明显下降"
    span = clause[since:start].replace("合同负债", "订单")  # advance receipts: a rise is orders booked, not a debt
    costs = [span.rfind(w) + len(w) for w in COST_METRIC + INPUTS if w in span] + [t.end() for t in _TAX.finditer(span)]
    costs += input_price_ends(span)  # what this subject buys (煤价 for a power producer, 油价 for an airline)
    if not costs and since and _BARE_PRICE.search(span) and _priced_input(clause[:since]):
        costs = [_BARE_PRICE.search(span).end()]  # "铁矿石价格回落，三季度均价环比下降9%": the same input's price
    # A Chinese noun phrase ends on its head: in 成本优势 or 负债端质量 what moves is the advantage, the quality.
    return bool(costs) and not _GOOD_HEAD.search(span, max(costs))


# A price with no goods of its own names the goods of the clause before (…价格回落，三季度均价下降9%).
_BARE_PRICE = re.compile(r"^\s*(?:20\d\d年|明年|今年)?(?:[一二三四1-4][季Q]度?|上半年|下半年|前三季度|近期|目前|当前|年内|全年)?"
                         r"[^，。；,;]{0,6}?(?:均价|现货价|价格|指数)")


def _priced_input(text: str) -> bool:
    return bool(input_price_ends(text)) or any(re.search(w + r"[^，。；,;]{0,4}?价", text) for w in INPUTS)


_GOOD_HEAD = re.compile(r"优势|质量|效率|能力|管控|控制|覆盖|份额|竞争力|结构|周转率")  # 存货周转率: a turnover


_CAUSATIVE = re.compile(r"使得?|导致|令|致使|推动|带动|拖累")
_SUBJECTLESS = re.compile(r"同比|环比|明显|显著|大幅|小幅|有望|难以|将|仍|也|会|进一步|持续|逐步|继续|\s")


# A result or pace set against expectations is the clause's verdict on what it measures: "订单增长不及预期" is
# negative although 增长 is a rise, "价格下行超预期" negative although 超 is a beat, 费用低于预期 good news.
_SET_AGAINST = "(" + "|".join(sorted(BEATS + MISSES, key=len, reverse=True)) + ")"
# 此前 stands before or after whose expectation it is (低于此前市场预期, 低于市场此前预期); what the market feared is a
# benchmark too (冲击小于市场担忧: the harm is smaller than feared).
VERDICT = re.compile(_SET_AGAINST + r"(?:此前|前期|原)?(?:市场|我们|公司|部分机构|机构|行业|投资者)?(?:此前|前期|原)?的?"
                     r"(?:乐观|悲观|一致)?(?:预期|担忧|担心)")
# A comparison with a benchmark is a weaker verdict, heard when no cue speaks: 净利润增速明显低于收入.
_COMPARED = re.compile(_SET_AGAINST + r"(?:收入|营收|行业|同行|同业|可比公司|竞争对手|竞品)")
_WORTH = frozenset({"好于", "优于", "差于", "逊于"})
# A comparison with peers is the report's verdict on the subject within its industry (行业整体承压，公司好于同业).
# The peers may be named before the benchmark word (快于全国港口平均水平, 降幅小于百强房企平均水平); 跑赢/跑输 is the
# market's word for doing better or worse than a benchmark.
_PEERS = re.compile("(" + "|".join(sorted(BEATS + MISSES + ("跑赢", "跑输"), key=len, reverse=True)) + ")"
                    r"(?:行业平均|行业整体|同行|同业|可比公司|竞争对手|竞品|行业|大盘|[^，。；,;]{0,8}?平均水平)"
                    # the benchmark first (较主要竞争对手高约10%, 较同业低0.3个百分点)
                    r"|较(?:于)?(?:行业平均|行业整体|同行|同业|可比公司|(?:主要)?竞争对手|竞品|行业)(?:水平)?(?:明显|显著|略)?(高|低)(?!于)")
# Guidance is the company's own expectation: set against it, a result is judged as against 预期.
_GUIDED = re.compile(_SET_AGAINST + r"(?:公司|管理层)?(?:此前|年初|全年|年度)?的?(?:指引|经营目标|业绩目标)")


def _verdict(clause: str, against: re.Pattern = VERDICT) -> int:
    """The sign of a result set against expectations (or against a benchmark, against=_COMPARED): a beat of a
    rise or a miss of a fall is good news, a beat of a fall (降幅超预期) or of an expense bad."""
    if (m := against.search(clause)) is None:
        return 0
    word = next(g for g in m.groups() if g)
    sign = 1 if word in BEATS or word in ("跑赢", "高") else -1
    if word in _WORTH:
        return sign  # 降幅好于预期: better is good news whatever moved (超/高于 size the move instead)
    start = max((p.end() for p in re.finditer(r"[，,；;：:]", clause[:m.start()])), default=0)
    # the effect is measured, unless the causative ends the subject as a noun (…的拖累大于市场担心)
    start = max([c.end() for c in _CAUSATIVE.finditer(clause, start, m.start()) if clause[c.end():m.start()].strip("的")]
                + [start])
    subject = clause[start:m.start()]  # what beats or misses, in the verdict's own clause: a rise, a fall, an expense
    measured = score(subject)
    # a level elided after the clause that states it (融资成本降至3.1%，较行业平均水平低约100bp)
    level = subject if _SUBJECTLESS.sub("", subject) else clause[clause_start(clause, max(start - 1, 0)):start]
    if re.search(r"去化|去库存|降本|压降|消化库存", subject):
        measured = 1  # what beats or misses is a cost's reduction: 库存去化进度不及预期 is bad news
    elif _cost_level(level):
        measured = -1  # a lower-is-better level (单位成本显著低于行业平均, 费用率较同行高): lower is better
    if measured == 0 and (_names_cost(subject) or re.search(r"降幅|跌幅|亏损|缺口|影响|冲击|拖累|压力", subject)):
        measured = -1  # what beats is an expense, a fall's size or a downside: 降幅/冲击小于预期 is good news
    return -sign if measured < 0 else sign


def _cost_level(subject: str) -> bool:
    """`subject` names a lower-is-better quantity and no move of it but one to a level (降至3.1%): a level
    compared (not 成本优势, not 成本下降). R&D spend above peers (研发费用率高于行业平均) is investment, not waste."""
    return "研发" not in subject and _names_cost(subject) and not MOVE_RE.search(re.sub(r"[降升增跌]至", "", subject))


def _names_cost(subject: str) -> bool:
    """A lower-is-better quantity heads `subject` (成本管控能力 is a capability, 成本优势 an advantage)."""
    at = max((subject.rfind(w) + len(w) for w in COST_METRIC if w in subject), default=-1)
    return at >= 0 and not _GOOD_HEAD.search(subject, at)


# Good news dated later than now (恢复要到2027年, 推迟至2026年, 底部要到明年下半年才会出现) is a delay.
_LATE = re.compile(r"(?:要到|需要?等到|推迟至|推迟到|延后至|延后到|才能在|才会在)[^，。；,;]{0,3}?(?:20\d\d|明年|后年|下半年|年底|年末)")
# A turn named as a noun is good news in waiting: the bottom of a fall, a turning point.
_TURN_NOUN = re.compile(r"底部|拐点|反转|转折点")
# "X的风险较小", "X的可能性不大": X is asserted not to happen.
_SMALL_CHANCE = re.compile(r"的?(?:风险|可能性?|概率)(?:相对|较为|比较)?(?:较小|较低|不大|很小|很低|偏低|有限|可控)")
# A level's height times the sense of what stands there: 价格维持低位 is bad news, 库存处于低位 and 估值处于
# 历史低位 good (an expense, a valuation: lower is better).
# A rank among peers (处于行业最低水平) stands where its rank puts it.
_HEIGHT = re.compile(r"(?:处于|处|维持|仍在|位于|在|降至|升至|回到)[^，。；,;]{0,8}?(低位|底部|高位)|(底部)徘徊|(高企)|"
                     r"(?:行业|同业|同行|可比公司)(?:内|中)?的?(最高|最低|较高|较低)(?:水平|梯队|之列)?|"
                     # flat with a lean: 持平略增 leans up, 稳中有降 down
                     r"持平(?:略|微|小幅)(?:(增|升)|降|减)|稳中(?:有|略|微)?(?:(增|升)|降|减)")
_HIGH = frozenset({"高位", "高企", "最高", "较高", "增", "升"})
# Verbs that hold a level and name no subject: the subject is the clause before's (…约3.1%，仍处于行业最低水平).
_HOLDING = re.compile(r"处于|位于|保持|维持|继续|稳定在?")
_LOWER_BETTER = re.compile("|".join(COST_METRIC) + r"|估值|市盈率|市净率|PE|PB|成本率")


def _moved(text: str) -> int:
    """The polarity of `text`, else the sign of its first rise or fall (转正 has no polarity cue of its own)."""
    if polarity := score(text):
        return polarity
    move = MOVES.get(m[0]) if (m := MOVE_RE.search(text)) else None
    return {"up": 1, "down": -1}.get(move, 0)


def _height(clause: str) -> int:
    if (m := _HEIGHT.search(clause)) is None:
        return 0
    sign = 1 if next((g for g in m.groups() if g), "") in _HIGH else -1
    start = clause_start(clause, m.start())
    if not _HOLDING.sub("", _SUBJECTLESS.sub("", clause[start:m.start()])):  # "库存已降至1.5个月，处于低位": elided
        start = clause_start(clause, max(start - 1, 0))
    lower_better = _LOWER_BETTER.search(clause, start, m.start()) or input_price_ends(clause[start:m.start()])
    return -sign if lower_better else sign  # 按揭利率降至低位 is good news for a developer


def moves(clause: str) -> int:
    """The sum of the clause's rises and falls, each signed for the subject (a cost's rise is bad news) and
    reversed by a negator that governs it: what a clause with moves but no cue says (综合成本率上升，承保利润收缩)."""
    seen, total = [], 0
    for m in MOVE_RE.finditer(clause):
        if (move := MOVES[m[0]]) not in ("up", "down"):
            continue
        sign = 1 if move == "up" else -1
        if m[0] not in JUDGED_MOVES and _of_expense(clause, m.start(), seen):
            sign = -sign
        if negated(clause, m.start()):
            sign = -sign
        seen.append([m.start(), m.end(), sign])
        total += sign
    return total


_RECORD = re.compile(r"创[^，。；,;]{0,6}?新(高|低)")


def score(clause: str) -> int:
    """Sum of polarity cues in one clause; a negator flips the cue after it, 有限 the cue before it.
    "影响/冲击/压力…有限" (a limited downside) is positive, "拉动/空间/弹性…有限" (a limited upside) negative."""
    if (denied := _DENIED_INFERENCE.search(clause)) and (meant := score(clause[denied.end():])):
        return -meant
    if (chance := _SMALL_CHANCE.search(clause)) and (feared := _moved(clause[clause_start(clause, chance.start()):chance.start()])):
        return -feared  # 不及预期的风险较小, 转正的概率较低: what is unlikely is the opposite of the claim
    if (late := _LATE.search(clause)) and ((waited := clause[clause_start(clause, late.start()):late.start()])
                                           and (_TURN_NOUN.search(waited) or score(waited) > 0)):
        return -1  # 需求的实质性恢复要到2027年: good news, but later than now
    if verdict := _verdict(clause) or _verdict(clause, _GUIDED) or _verdict(clause, _PEERS):
        return verdict
    if judged := judgement(clause):
        return judged
    if _RELEASED.search(clause) and not CUE_RE.search(clause):
        return 1
    cues = []
    for m in CUE_RE.finditer(clause):
        if m[0] == "难以":
            continue  # it acts on the cue after it
        sign = CUES[m[0]]
        if (MOVES.get(m[0]) in ("up", "down") or m[0] in BOTTOMING) and m[0] not in JUDGED_MOVES \
                and _of_expense(clause, m.start(), cues):
            sign = -sign  # 费用率下降 is good, 减值增加 bad
        if negated(clause, m.start()) or clause[max(0, m.start() - 2):m.start()] == "难以" or unlikely(clause, m.end()) \
                or not_arrived(clause, m.end()) or _ONLY.search(clause[max(0, m.start() - 3):m.start()]):
            sign = -sign
        cues.append([m.start(), m.end(), sign])
    for m in _RECORD.finditer(clause):  # 创年内新高 is a rise (of an input's price, bad news for its buyer)
        sign = 1 if m[1] == "高" else -1
        cues.append([m.start(), m.end(), -sign if _of_expense(clause, m.start(), cues) else sign])
    if (denial := _DENIED_PREDICATE.search(clause)) and any(c[0] >= denial.end() for c in cues):
        start = clause_start(clause, denial.start())
        cues = [c for c in cues if not start <= c[0] < denial.start()]
    for m in re.finditer(r"有限", clause):
        near = [c for c in cues if c[1] <= m.start() and m.start() - c[1] <= 10]
        if near:
            near[-1][2] = -near[-1][2]
    total = sum(c[2] for c in cues) or _verdict(clause, _COMPARED) or _height(clause)  # heard when no cue speaks
    if total == 0 and "难以" in clause:
        total = -1
    return total
