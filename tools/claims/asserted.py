"""What a sentence asserts as its own: the parts that only frame its view, blanked (same length, so positions hold).

- what a concession grants ("虽然猪价下行压力较大，但…": the view is after the turn);
- a premise ("考虑到单车盈利下滑，我们下调盈利预测…": the reason, argued where the report states it);
- a third party's view before the report's own turn ("市场普遍把A视为B，但我们认为…").
Read by the clause facets (tools.claims.facets), the subject match (tools.claims.metric_identity) and the figures a claim
asserts (tools.claims.restate).
"""

from __future__ import annotations

import re

_CONCESSION = re.compile(r"(?:虽然|虽|尽管)[^。；;]*?[，,]\s*(?=但|却|不过|然而|仍)")


# Another party as the speaker of the first assertion, at the start of a clause: a forecast or plan by a source (据…
# 预测, 根据…规划; a source's data with the report's inference after it is the report's), the company speaking
# (公司表示, 管理层预计, 公司指引), other analysts (部分机构认为, 一致预期), a named body (中汽协预测, IDC预计). The
# market's worry or belief (市场担忧…, 投资者认为…) is left to the self-declared disagreement it usually opens.
SPEAKERS = (
    r"(?:据|根据|按照|参考|依据)(?!我们)[^，。；]{1,24}?(?:预测|预计|规划|指引|目标)",
    r"(?:公司|管理层|董事会|董事长|总经理|总裁|CEO|公司管理层|公司方面|集团)[^，。；]{0,10}?"
    r"(?:表示|(?<![名简号声])称|指出|公告|预告|指引|计划|规划|透露|介绍|强调|承诺|目标为|目标是|预计|给出)",
    r"(?:部分机构|多数机构|机构|卖方|外资|同业|其他券商|(?:业内|行业|产业链?|渠道)?(?:人士|专家))[^，。；]{0,8}?"
    r"(?:认为|预期|预计|预测|判断|普遍|估计|测算|表示)",
    r"(?:市场|Wind|彭博)?一致预期",
    r"(?:业内|行业内|产业链|行业)普遍(?:认为|预期|预计|判断)|(?:业内|行业内|产业链)(?:认为|预期|预计|判断)",  # not 行业预计将…
    r"[\u4e00-\u9fff]{1,8}(?:协会|协|学会|商会|委员会|部|委|局|署|研究院|研究所|中心|联盟|办公室)"
    r"(?:预测|预计|规划|表示|指出|测算)",
    r"[A-Z][A-Za-z]{1,14}(?:预测|预计|测算)",
)
# A sentence that opens on a third party and turns to the report's own view ("市场普遍把A视为B，但我们认为…"): the
# part before the turn is theirs, whatever verb carries it (clauses.unquoted knows 认为/担忧/预期… only).
# The report's own estimate may be hedged (我们审慎测算, 我们保守估计): still its own turn.
_TURN_TO_OURS = r"(?=[，,]\s*(?:但|然而|不过)?\s*我们(?:的)?(?:审慎|保守|谨慎|初步)?(?:认为|判断|预计|预测|测算|估算|估计|看法|观点))"
# A paragraph opened by its section lead ("▌重组增厚：", "盈利预测："): the speaker comes after it.
_HEADING = r"^\s*(?:▌?[^，。；：:,;]{1,12}[：:])?\s*"
_THEIRS = re.compile(_HEADING + r"(?:市场|投资者|部分机构|部分投资者|多数机构|主流观点|一致预期)[^。；;]*?" + _TURN_TO_OURS)
# The same with a named speaker (公司指引…, 管理层预计…, 根据一致预期…, 协会预测…): its figures are theirs, but it names
# what the report's turn speaks of ("公司营收指引为增长25%-30%，我们预计实际增速在20%左右": the growth of 营收).
_NAMED = re.compile(_HEADING + r"(?:据|根据|参考)?(?:" + "|".join(SPEAKERS) + r")[^。；;]*?" + _TURN_TO_OURS)


def theirs_end(text: str) -> int:
    """Where the part a named other speaker says ends, before the report turns to its own view; 0 when none."""
    m = _NAMED.match(text)
    return m.end() if m else 0


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
