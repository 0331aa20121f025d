"""Which parts of a sentence are claims: the clauses free of a rating or target price, and one part per quantity.

Brokers put several forecasts in one sentence ("我们预计公司2025-2027年营业收入分别为…，归母净利润分别为…，对应EPS
为…", "实现营收X亿元，同比+Y%；归母净利润Z亿元，同比+W%", "我们预计2026年出货量约45GWh，单位毛利下降至0.08元/Wh").
Each quantity stated with its own figure is a claim of its own, compared with the other brokers' claims on that
quantity: read as one claim the sentence keeps only one metric and one value, and the other quantity is never
compared. A part keeps its text verbatim (the quote a reader checks on the page); it is read with the sentence's frame
(我们预计公司2025-2027年, 实现) in front, so a later part keeps the period and the forward word it shares. The gold of
the labelled set counts claims the same way (scripts/sentence_claims.py measures how the program matches it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

# A rating, a target price and the upside it implies are structured views, compared as such; the forecast
# or judgement sharing their sentence ("盈利预测与投资评级：我们预计…归母净利润…，维持“买入”评级") is still a claim.
_STRUCTURED = re.compile(r"评级|目标价|合理价值|投资建议|首次覆盖|(?:股价|收盘价|现价)[^，。；]{0,24}(?:空间|涨幅)|潜在涨幅")
_REASON = re.compile(r"\s*(?:考虑到|鉴于|基于|综合考虑)")
_CLAUSE_MARK = re.compile(r"[，；：;]|,(?!\d{3})|:(?!\d)")


def asserted_part(text: str) -> str:
    """`text` without its rating / target-price clauses (and a heading naming them): the longest run of
    clauses free of them, verbatim; "" when none is left."""
    if not _STRUCTURED.search(text):
        return text
    cuts = [0, *(m.end() for m in _CLAUSE_MARK.finditer(text)), len(text) + 1]
    clauses = [(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]  # (start, end of the clause's text)
    structured = [bool(_STRUCTURED.search(text[start:end])) for start, end in clauses]
    for i in range(len(clauses) - 2, -1, -1):  # "考虑到A、B，下调至…评级": the reasons belong to the rating
        if structured[i + 1] and _REASON.match(text, clauses[i][0]):
            structured[i] = True
    best, run_start = "", None
    for i, (start, end) in enumerate(clauses):
        if structured[i]:
            run_start = None
            continue
        run_start = start if run_start is None else run_start
        if (i + 1 == len(clauses) or structured[i + 1]) and \
                end - run_start > len(best):
            best = text[run_start:end]
    return best.strip(" 　。")


# What a forecast implies per share or at a price (对应EPS为…, 对应PE为…倍) is a structured view, not a quantity
# of its own: such a clause stays with the forecast it follows.
_IMPLIED = re.compile(r"^\s*(?:对应|相应|即)")
_VALUATION = frozenset({"EPS", "PE", "估值", "市盈率", "市值"})
# A premise or cause opening a clause (考虑到…, 随着…, 受益于…) argues for what follows; it is never a part alone.
_PREMISE = re.compile(r"^\s*(?:但|而|且)?(?:考虑到|鉴于|基于|由于|因为|随着|受益于|得益于|受)")
_CONCESSION = re.compile(r"虽然|虽|尽管")
_TURN = re.compile(r"^\s*(?:但|不过|然而|却)")


# Where a later part's reading frame stops: the forward word, the subject and the period the sentence opens with
# (我们预计公司2025-2027年, 实现), not the qualifier of the first quantity (全球动力电池).
_FRAME = re.compile(r"预计|预测|认为|判断|实现|公司|20\d{2}(?:\s*[-—–~至/]\s*20\d{2})?年(?:度)?|\d{2}[EAHQ]\d?|Q[1-4]|"
                    r"(?:前|第)?[一二三四1-4]季度|单季度?|[上下]半年|全年|今年|明年|后年|\d{1,2}(?:\s*[-—–~至]\s*\d{1,2})?月份?|前\d{1,2}个月")
# A growth or a share with no qualifier of its own is the quantity of the clause before's ("收入增长5%，2026年增速回升
# 至10%"): it continues that part.
_RELATIVE = frozenset({"增速", "占比"})


@dataclass
class _Part:
    start: int
    heads: frozenset[str] = frozenset()  # the quantities its figure is about; empty until it has one
    period: str | None = None
    frame: str = ""


class SentenceParts(NamedTuple):
    parts: list[tuple[str, str]]  # (part as written, text to read it from)
    frame: str  # what a clause cut from this one at ； reads with ("…营业收入分别为…；归母净利润分别为…")


def quantity_parts(text: str, carried: str = "") -> SentenceParts:
    """One part for each quantity `text` states with its own figure; the whole text once when it states one.
    `carried`: the frame of the clause before, when `text` continues it after a ；.
    A clause opens a part when it names a quantity and a figure of its own, another quantity or another period than
    the part before; clauses without a figure stay with the part they follow (or precede, before the first figure).
    Not split: a view the report declares its difference with (the sentence is one argument), a sensitivity
    (每变动…), another's figure before the report's own (公司指引…，我们预计…), what a figure implies (对应EPS…), a
    premise (考虑到…, 随着…: it opens the part it argues for), and what a concession grants before its turn
    (虽然A，但B). Quoted, attributed and conditional clauses name no part."""
    from tools.claims.asserted import theirs_end
    from tools.claims.screen import sensitivity
    from tools.claims.stance import self_declared

    if self_declared(text) or sensitivity(text) or theirs_end(text):
        # one argument, a condition, or another's figure naming what the report's turn speaks of
        return SentenceParts([(text, carried + text)], "")
    parts = _parts(text)
    frame = _TURN.sub("", parts[0].frame) or carried
    ends = [p.start for p in parts[1:]] + [len(text)]
    out = []
    for i, (part, end) in enumerate(zip(parts, ends)):
        written = text[part.start:end].strip(" 　，,；;：:。") if len(parts) > 1 else text
        out.append((written, carried + written if i == 0 else frame + written))
    return SentenceParts(out, frame)


def _parts(text: str) -> list[_Part]:
    """The sentence's parts, each from the clause that opens it; one part with no quantity when it names none."""
    from tools.claims.quantity import HEAD_RE, SYNONYMS, heads_in, metric_of, split_metric
    from tools.claims.clauses import unquoted
    from tools.claims.periods import period_of
    from tools.claims.values import main_value
    from tools.claims.wording import canonical

    body = unquoted(text)  # same length: positions hold
    cuts = [0, *(m.end() for m in _CLAUSE_MARK.finditer(text)), len(text)]
    parts: list[_Part] = []
    for start, end in zip(cuts, cuts[1:]):
        clause = body[start:end]
        heads = frozenset(heads_in(clause) - _VALUATION)
        located = main_value(canonical(clause)) if heads else None
        if located and split_metric(metric_of(canonical(clause), located.start)) in {(w, "") for w in _RELATIVE}:
            heads = frozenset()
        figure = bool(heads) and located is not None
        period = period_of(clause) if figure else None
        premise = bool(_PREMISE.match(clause))
        current = parts[-1] if parts else None
        conceded = current is not None and bool(_CONCESSION.search(text[current.start:start])) and bool(_TURN.match(clause))
        if current is None or current.heads and not conceded and (premise or figure and not _IMPLIED.match(clause) and (
                heads != current.heads or period is not None and period != current.period)):
            parts.append(_Part(start))
        if figure and not premise and not parts[-1].heads:
            # the first quantity word the figure is about, read as heads_in reads it (每股收益 is EPS)
            head = next(m for m in HEAD_RE.finditer(clause) if SYNONYMS.get(m[0], m[0]) in heads)
            frames = list(_FRAME.finditer(text, start, start + head.start()))
            parts[-1] = _Part(parts[-1].start, heads, period, text[start:frames[-1].end()] if frames else "")
    while len(parts) > 1 and not parts[-1].heads:  # a premise with no figure after it: back to its sentence
        parts.pop()
    return parts if all(p.heads for p in parts) else [_Part(0, frame=parts[0].frame if parts else "")]
