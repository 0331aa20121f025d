"""What a sentence asserts as its own: the parts that only frame its view, blanked (same length, so positions hold).

- what a concession grants ("虽然猪价下行压力较大，但…": the view is after the turn);
- a premise ("考虑到单车盈利下滑，我们下调盈利预测…": the reason, argued where the report states it);
- a third party's view before the report's own turn ("市场普遍把A视为B，但我们认为…").
Read by the clause facets (tools.claims.facets), the subject match (tools.claims.compare) and the figures a claim
asserts (tools.claims.restate).
"""

from __future__ import annotations

import re

_CONCESSION = re.compile(r"(?:虽然|虽|尽管)[^。；;]*?[，,]\s*(?=但|却|不过|然而|仍)")


# A sentence that opens on a third party and turns to the report's own view ("市场普遍把A视为B，但我们认为…"): the
# part before the turn is theirs, whatever verb carries it (stance.unquoted knows 认为/担忧/预期… only).
_THEIRS = re.compile(r"^\s*(?:市场|投资者|部分机构|部分投资者|多数机构|主流观点|一致预期)[^。；;]*?"
                     r"(?=[，,]\s*(?:但|然而|不过)?\s*我们(?:的)?(?:认为|判断|预计|看法|观点))")


# A premise ("考虑到单车盈利下滑，我们下调盈利预测…"): the reason for the conclusion that follows, argued where the
# report states it; compared there, not once more in every sentence that leans on it.
_PREMISE = re.compile(r"(?:(?<=^)|(?<=[，。；：,;]))\s*(?:但|而|且)?(?:考虑到|鉴于|基于|由于|因为)[^，。；：,;]*(?=[，,])")


def others_blank(text: str) -> str:
    text = _PREMISE.sub(lambda m: "　" * len(m[0]), text)
    return _THEIRS.sub(lambda m: "　" * len(m[0]), text)


def conceded_blank(text: str) -> str:
    """"虽然猪价下行压力较大，但公司成本优势依然显著": what is conceded frames the view, it is not what the claim
    is compared on (the stance still reads it when the view is silent, `stance.stance_of`)."""
    return _CONCESSION.sub(lambda m: "　" * len(m[0]), text)
