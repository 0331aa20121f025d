"""Where a metric span starts and stops when a claim names no listed quantity word (issue 13).

A sell-side sentence states its view as subject + (adverb / modal) + predicate: 折旧额预计同比增加约9亿元,
嗨体系列下半年有望恢复正增长, 拿地强度维持在35%左右. The quantity the claim is about is the subject: the noun run
after the clause's frame (我们预计, 公司, 随着, a year or period) and before the first word of its predicate
(a modal, copula, movement or comparison word).
"""

from __future__ import annotations

import re

from tools.claims.lexicon import DOWN, FLAT, UP

# Movement words that end a subject: the lexicon's, and the ones a bare growth or pressure sentence uses.
_MOVES = sorted({*UP, *DOWN, *FLAT, "同比", "环比", "承压", "持平", "放缓", "加速"}, key=len, reverse=True)
MOVE_RE = re.compile("|".join(map(re.escape, _MOVES)))
# The predicate begins at a modal or aspect word (有望, 仍将, 或, 预计), a copula (是, 为), being affected (受, 受制于),
# a cause (财务费用因可转债转股而减少, 毛利率得益于…提升), a degree adverb (明显, 大幅), 的 (a noun phrase modifying
# what follows is not the subject: 算力水平的提升, 对国外算力依赖度的降低) or the movement itself.
_PREDICATE = re.compile("有望|仍将|或将|将|仍|或|预计|可能|已经|已|是|转为|成为|为|受制于|受益于|受|得益于|(?<!基)因(?!素)|的|继续|持续|"
                        "进一步|逐步|明显|显著|大幅|小幅|" + MOVE_RE.pattern)
# Frames a subject follows: the report's voice, the company, a premise, a year or a period.
# The report's voice alone (我们2026年预测下调) is a frame too, never the subject, and so is a listed point's
# ordinal (一是…；二是…).
_FRAME = re.compile(r"我们(?:预计|认为|判断)|预计|认为|判断|预测|测算|我们的?|[一二三四五六]是|公司|随着|考虑到|由于|其中|"
                    r"(?:20)?\d{2}(?:年|[EA])|[上下]半年|全年|[一二三四]季度|Q[1-4]|今年|明年")
_CLAUSE = re.compile(r"[，。；：:,;、\n\t（）()“”\"']")
_EXTENT = frozenset({"实际", "整体", "总体", "综合", "合计", "总计", "全部", "平均"})
_GROWTH = frozenset({"同比", "环比", "增长", "下降", "下滑"})
_PERCENT = re.compile(r"(?:增长|下降|下滑)?(?:约|超过|近)?\d[\d.,]*\s*[%％]")
_LEADING = re.compile(r"^(?:的|对|在|将|其|而|但|且|并|则)+")


def tail(text: str, size: int = 10) -> str:
    """The last `size` characters of a name, never opening inside a Latin word or a number (DeepSeek大模型技术 →
    大模型技术, not eepSeek大模型技术)."""
    cut = text[-size:]
    if len(text) > size and re.match(r"[A-Za-z0-9]", cut) and re.match(r"[A-Za-z0-9]", text[-size - 1]):
        cut = re.sub(r"^[A-Za-z0-9]+", "", cut)
    return cut


# A level or an adequacy stated of a quantity (供给仍较充足, 供需转为宽松, 优势明显): a predicate too, looked for
# only where no movement names the subject. Not 有限: an impact's size (受入市影响有限) is the impact reading's.
STATE_RE = re.compile("充足|充裕|宽松|偏紧|紧张|过剩|短缺|不足|领先|落后|稳健|加快|明显|显著")


def subject_before_move(body: str, start: int, predicates: re.Pattern = MOVE_RE) -> str:
    """The noun run a clause's movement is predicated of (折旧额 in "2026年折旧额预计同比增加"); "" when none:
    for each movement after `start` (else anywhere), the clause it ends, its last frame-free stretch, cut at its
    first predicate word. A movement whose subject was left out ("2026年或将回落") passes to the next."""
    moves = list(predicates.finditer(body, start)) or list(predicates.finditer(body))
    for move in moves:
        clause = _CLAUSE.split(body[:move.start()])[-1]
        for stretch in reversed(_FRAME.split(clause)):
            subject = _LEADING.sub("", _PREDICATE.split(stretch)[0].replace(" ", ""))
            # not a bare abbreviation (OPM), nor a word of extent whose noun was left out (实际增长20%: of what?)
            if len(subject) >= 2 and re.search(r"[\u4e00-\u9fff]", subject) and subject not in _EXTENT:
                # a growth sized in percent is the subject's growth rate: 贷款同比增长14.8% → 贷款增速
                rate = move[0] in _GROWTH and _PERCENT.match(body, move.end())
                return tail(subject) + ("增速" if rate else "")
    return ""


# A bullet opens on a short label naming what it is about (大股东支持：…, 拿地：…); a label for the kind of text
# (我们的点评：, 事件：, 核心观点：) names nothing.
_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})[：:]")
_KIND_OF_TEXT = re.compile(r"点评|观点|事件|结论|要点|摘要|总结|看法|判断|建议|展望|分析|提示")


def bullet_label(body: str) -> str:
    """The short label a bullet opens on ("股东增持：…" → 股东增持); "" when none, or a label for the kind of text."""
    m = _LABEL.match(body)
    return m[1] if m and not _KIND_OF_TEXT.search(m[1]) else ""


# A forward modal right after a quantity word marks the quantity the report judges: in "成本下行叠加费用投放更趋理性，
# 公司利润率有望稳步提升" the view is on 利润率; the quantities before it are the causes it names.
# Between the two only adverbs, periods and the quantity's own measure (息差降幅有望, 成本红利有望, 价格中枢或); another
# noun means another subject (政策执行后行业供给将).
_GAP = (r"(?:仍|也|还|则|亦|均|都|在|于|后续|未来|短期|中长期|长期|(?:20)?\d{2}年|[上下]半年|全年|[一二三四]季度|Q[1-4]|明年|今年|"
        r"幅度|压力|红利|中枢)*")
_JUDGED = re.compile(_GAP + r"(?:有望|可望|或将|仍将|预计将?|将(?!于)|或(?=[继进持再]))")


def judged_head(body: str, heads: list[re.Match]) -> re.Match | None:
    """The first of `heads` (quantity words of the report's own clause) whose predicate opens on a forward modal
    (有望, 将, 或将…); None when none does."""
    return next((m for m in heads if _JUDGED.match(body, m.end())), None)
