"""Whether a sentence is a claim: the report's own forward-looking judgement or forecast, and if not, why not.

Read from the sentence's structure, in this order:
- a result already reported (tools.claims.screen.is_reported): "reported";
- boilerplate and structured views (评级, 目标价, 免责, 资料来源, an announcement 事件：公司发布…): "not_a_statement";
- a heading line, a sensitivity (每变动…), a revision with no figure, an explained change (screen.why_not_a_view);
- a condition the whole assertion hangs on (若/如果/一旦/假设…，…): "conditional" — a scenario or a risk, not a forecast;
- an assertion whose speaker is another party (公司公告称, 管理层表示, 据中汽协预测, 根据工信部规划, 部分机构认为,
  市场一致预期…) with no turn to the report's own (我们认为/我们预计…, or 但…): "attributed";
- no judgement (no polarity, movement or self-declared disagreement, and no forward word carrying a figure), or a
  past year's figure with no forward word: "no_judgement".
Otherwise "own_view".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.claims.asserted import SPEAKERS as _SPEAKERS
from tools.claims.model import Claim
from tools.claims.screen import FORWARD, is_reported, why_not_a_view
from tools.claims.stance import MODEL_SCOPE
from tools.cover_fields import WORD as RATING_WORDS

# Boilerplate, structured views compared as such, and an announcement reported as the event.
NOT_A_STATEMENT = re.compile(r"评级|目标价|投资建议|风险提示|免责|资料来源|数据来源|请务必|分析师|执业|虚构样例|^事件|公司发布|"
                             r"(?:超越|跑赢|跑输|相对|强于|弱于|超出|领先|跟随|落后)[^。；]{0,12}(?:基准|指数|大盘|沪深300)|相对涨幅|相对表现|"
                             # a rating or risk-grade definition of the legend page: "持有——预计未来6个月内，股价表现介于市场指数±5%之间"
                             r"未来\s*\d+\s*个月内?[^。；]{0,30}(?:基准|指数|大盘|沪深300)|(?:正常|较高|较低|高)风险[，,；;]")

# A heading before a colon ("盈利预测：", "二、") or a list marker says nothing about who speaks.
_LEAD_IN = re.compile(r"^\s*(?:[一二三四五六七八九十\d]{1,2}[、.．)）]\s*)?(?:[^，。；：,;:]{1,12}[：:])?\s*")
# The report speaking: 我们 with an asserting verb (or 我们的 view), or 本报告/笔者.
_OWN = re.compile(r"我们(?:的)?(?:[^，。；]{0,4}?)(?:预计|预测|认为|判断|看好|相信|测算|估计|倾向|维持|上调|下调|观点|看法|期待|强调|"
                  r"提示|建议|关注|更|仍|依然|坚持)|本报告|笔者")
# A condition the assertion hangs on, opening it (after a lead-in or 我们认为，): 若/如果/一旦/假设… up to its comma; or
# a scenario other than the base case (悲观/乐观情形下…): brokers bracket their forecast with them, it is not the forecast.
_CONDITION = re.compile(r"^(?:我们(?:认为|判断|预计)[，,]?)?\s*(?:(?:若|如果|假如|倘若|如若|一旦|假设|假若|倘)[^。；]{2,40}?|"
                        r"(?:在)?(?:悲观|乐观|极端|压力)(?:情形|情景|场景|假设)[^。；]{0,20}?)[，,]")
# The legend page's rating scale: a rating word defined by what it expects of the stock or industry against the
# market ("增持——相对上涨5%-15%；", "看淡：预计行业弱于整体市场表现"), or the scale listed ("强于大市、中性、弱于大市").
_RATING_WORD = f"(?:{RATING_WORDS})"
_RATING_LEGEND = re.compile(rf"^\s*{_RATING_WORD}(?:[-—–]?[A-Z])?\s*(?:——|—|[:：])\s*(?:预计|预期)?(?:行业(?:指数)?|股价)?"
                            r"(?:相对|领先|落后|超越|弱于|强于|与整体|涨幅|跌幅)|^\s*" + _RATING_WORD + r"(?:、" + _RATING_WORD + r"){2,}\s*$")
# A 风险提示/风险因素 list item: an event named with the way it may miss (不及预期) or overshoot (超预期), closed by
# the list's ；; "风险因素：" anywhere (a page header may run into it) opens the list.
_RISK_ITEM = re.compile(r"^[^，,。；;：:]{2,24}(?:不及|不达|低于|超)预期[；;]\s*$|风险因素[:：]")
_OTHER_SPEAKER = re.compile(r"^\s*(?:" + "|".join(_SPEAKERS) + ")")
# A source's data opening the sentence (根据IEA数据，…): what follows is the source's until the report infers its own.
_SOURCE_LENS = re.compile(r"^\s*(?:据|根据|依据)(?!我们)[^，。；]{1,24}?(?:数据|统计)(?:显示)?[，,]")
# An expectation set against a result (符合/超/低于市场预期) is a verdict on it, not the market speaking.
_VERDICT_BEFORE = re.compile(r"(?:符合|超|超出|高于|低于|不及|好于|弱于|略超|略低于)$")
_CLAUSE_START = re.compile(r"(?:^|[，。；,;])")
_CLAUSE_END = re.compile(r"[，。；,;]")
# A turn after the other party's view: what follows is the report's ("公司指引保守，但…").
_TURN = re.compile(r"[，,；;]\s*(?:但|然而|不过|而|却)")


@dataclass(frozen=True)
class Worthiness:
    claim: bool
    reason: str  # own_view, or why not: not_a_statement, reported, heading, sensitivity, revision, explained,
    # conditional, attributed, no_judgement


def conditional(text: str) -> bool:
    """The whole assertion hangs on a condition opening the sentence ("若海外需求持续低迷，公司出口收入或将…")."""
    return bool(_CONDITION.match(text[_LEAD_IN.match(text).end():]))


def attributed(text: str) -> bool:
    """The first clause that has a speaker has another party as it ("管理层表示…", "据中汽协预测…"), and the report
    never turns to its own view in the sentence ("管理层指引偏保守，我们预计…" is the report's)."""
    if _OWN.search(text):
        return False
    body = text[_LEAD_IN.match(text).end():]
    if (lens := _SOURCE_LENS.match(body)) and FORWARD.search(body[lens.end():_next_clause(body, lens.end())]):
        return True  # "根据IEA数据，2030年…将达到…": the figure right after the source's data is its forecast
    for m in _CLAUSE_START.finditer(body):
        start = m.end()
        if _OTHER_SPEAKER.match(body, start) and not _VERDICT_BEFORE.search(body[:start]):
            return not _TURN.search(body, start)
        if FORWARD.search(body[start:_next_clause(body, start)]):
            return False  # the first clause looking ahead has no other speaker: the report's
    return False


def _next_clause(text: str, start: int) -> int:
    m = _CLAUSE_END.search(text, start)
    return m.start() if m else len(text)


def judged(text: str, claim: Claim) -> bool:
    """A judgement (polarity, movement, self-declared disagreement) or a forward word carrying a figure, and not a
    past year's figure stated with no forward word."""
    forward = bool(FORWARD.search(text))
    if claim.period is not None and claim.period.endswith("A") and not forward:
        return False
    has_view = claim.stance != "neutral" or claim.direction is not None or claim.self_declared
    # what the report's own model leaves out (暂不纳入盈利预测) is the report's call on the subject, if a neutral one
    return has_view or (forward and claim.value is not None) or bool(MODEL_SCOPE.search(text))


def worthiness(text: str, claim: Claim, *, report_year: int | None = None, after_reported: bool = False,
               report_month: int | None = None) -> Worthiness:
    """Whether `text` (its claim read by tools.claims.extract.claim_from_text) is a claim of the report, and why."""
    if is_reported(text, claim, report_year, after_reported, report_month):
        return Worthiness(False, "reported")  # first: the sentence after a reported result continues it
    if NOT_A_STATEMENT.search(text) or _RATING_LEGEND.search(text) or _RISK_ITEM.search(text):
        return Worthiness(False, "not_a_statement")
    if reason := why_not_a_view(text, claim):
        return Worthiness(False, reason)
    if conditional(text):
        return Worthiness(False, "conditional")
    if attributed(text):
        return Worthiness(False, "attributed")
    if not judged(text, claim):
        return Worthiness(False, "no_judgement")
    return Worthiness(True, "own_view")
