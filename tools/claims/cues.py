"""The cue words of a clause and what reverses them.

Polarity cues (lexicon.POSITIVE / NEGATIVE) and movement words (lexicon.UP / DOWN / FLAT) as tables and
patterns, longest word first; a negator that governs a cue (并未明显恶化, 不会影响…, 难以维持…高增长), an
unlikelihood after it (转正的概率较低) and what is said not to come (拐点尚未出现). tools.claims.polarity signs
and sums the cues, tools.claims.clauses reads the movement word.
"""

from __future__ import annotations

import re

from tools.claims.judgements import clause_start
from tools.claims.lexicon import DOWN, FLAT, KEEPERS, NEGATIVE, NEGATORS, POSITIVE, UP

CUES = {w: 1 for w in POSITIVE} | {w: -1 for w in NEGATIVE}
CUE_RE = re.compile("|".join(sorted(map(re.escape, CUES), key=len, reverse=True)))
MOVES = {w: "up" for w in UP} | {w: "down" for w in DOWN} | {w: "flat" for w in FLAT}
MOVE_WORDS = "|".join(sorted(map(re.escape, MOVES), key=len, reverse=True))
MOVE_RE = re.compile(f"(?:{MOVE_WORDS})(?![器机])")  # not 减速器

# What is said not to arrive or last is denied with it: 拐点尚未到来, 放量未必能在明年兑现, 高增难以持续.
_NOT_ARRIVED = re.compile(r"[^，。；]{0,2}?(?:尚未|还未|并未|仍未|未|没有)(?:到来|出现|显现|来临|兑现)|"
                          r"[^，。；,;]{0,8}?(?:尚未|还未|并未|仍未|未必|不一定|未能|难以|不会|无法)[^，。；,;]{0,6}?"
                          r"(?:到来|出现|显现|来临|兑现|实现|持续|延续|落地)|"
                          r"[^，。；,;]{0,4}?(?:并非|并不是|不是|不具)(?:趋势性|持续性|长期性|常态)|"  # 下降并非趋势性
                          # what still needs time has not come: 需求回暖仍需时间, 负债成本下降尚需时日 (需要时间 alone only paces it)
                          r"[^，。；,;]{0,2}?(?:仍需|尚需|还需|仍要|还要)(?:一定|较长|更多|一段)?(?:的)?(?:时间|时日)")

# "转正的概率较低", "回升的可能性不大": the move is asserted not to happen.
_UNLIKELY = re.compile(r"[^，。；]{0,3}?(?:的)?(?:概率|可能性?)(?:较低|较小|不大|很低|很小|偏低|低|小)")


def unlikely(text: str, end: int) -> bool:
    return bool(_UNLIKELY.match(text, end))


# A negated verb reaches the cue it governs: "并未受到行业下行的明显冲击", "没有出现明显恶化".
_NEGATED_VERB = re.compile(r"(?:(?:并未|并没有|没有|未|不会|不再)(?:受到|出现|造成|带来|面临|发生|看到)|[难未不]见|难有|很难有|未有|"
                           r"并非|并不是|不是)[^，。；,;]{0,10}$")


# A negator reaches its cue through an adverb of degree: 并未明显恶化, 不会大幅下滑, 难以进一步改善.
_NEGATED_ADVERB = re.compile(r"(?:并未|并没有|没有|未能|不会|未|不|难以)(?:明显|显著|大幅|进一步|继续|持续|过度|再度?)$")


# A negator of the predicate governs every cue after it in its clause ("并未因本土品牌崛起而下滑", "难以维持此前
# 的高增长") unless a verb of harm stands between them: "不会影响长期增长" negates the harm, not the growth.
# 我们并不认为…能够持续 denies the view it introduces.
_SCOPED_NEGATOR = re.compile(r"未必|不一定|难言|难以|尚未|并未|并没有|没有|不会|未能|无法|不再|不存在|并不认为|不认为")
_HARM = re.compile(r"影响|改变|动摇|阻碍|妨碍|拖累|冲击|削弱|干扰")


def not_arrived(clause: str, end: int) -> bool:
    """What follows the cue says it has not come (拐点尚未出现), unless what has not come is another cue, the
    negated verb's object (景气度并未出现明显恶化: the deterioration is what did not come)."""
    if (m := _NOT_ARRIVED.match(clause, end)) is None:
        return False
    return not CUE_RE.match(clause, m.end() + len(re.match(r"(?:明显|显著|大幅|较大|进一步|持续)*", clause[m.end():])[0]))


def negated(text: str, start: int, *, scoped: bool = True) -> bool:
    """A negator reaches the cue at `start`; scoped=False: only one right before it (or through a verb or an
    adverb), as the movement reader has it (tools.claims.clauses.movement)."""
    if _NEGATED_VERB.search(text[max(0, start - 16):start]) or _NEGATED_ADVERB.search(text[max(0, start - 6):start]):
        return True
    clause = text[clause_start(text, start):start]
    if scoped and (scoped_by := list(_SCOPED_NEGATOR.finditer(clause))) and not _HARM.search(clause, scoped_by[-1].end()):
        return True
    before = text[max(0, start - 3):start]
    negator = next((n for n in NEGATORS if before.endswith(n)), None)
    return negator is not None and not any(text.startswith(k, start - len(negator)) for k in KEEPERS)
