"""Which clause of a claim is the report's own view, and the movement it asserts.

Quoted views, views attributed to others (市场普遍认为…) and conditions (若…, …企稳后) are blanked, not cut, so that
positions stay those of the original text; the report's own clause is the part from its last turn word on
(但/不过/我们认为…; after 虽然A， it is what follows the comma). `movement` reads the movement word of that
clause, with negation, unlikelihood and kept moves (保持较快增长) applied. tools.claims.stance judges what the
clause means for the subject.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.claims.lexicon import BOTTOMING, INTENSIFIERS, KEEPS
from tools.claims.cues import MOVE_RE, MOVE_WORDS, MOVES, negated, unlikely

_TURN = re.compile(r"虽然|虽|尽管|即使|即便|哪怕|但是|但|然而|不过|却|而是|不改|我们(?:的)?(?:认为|判断|预计|相信|看法|观点)")
# "保持15%以上增长": up to 10 characters (a figure, 较快, 高速) between the keeping verb and the move it keeps.
_KEPT_MOVE = re.compile(rf"[^，。；,;]{{0,10}}?({MOVE_WORDS})")


def clauses_after_turn(text: str) -> tuple[str, str]:
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
IF_WORDS = r"(?:若|如果|假如|倘若|一旦)"  # what opens a scenario (also tools.claims.stance._SCENARIO)
_CONDITION = re.compile(r"^\s*" + IF_WORDS + r"[^。；;]*|"  # a sentence opening on 若 is a scenario to its end
                        r"(?:(?<=^)|(?<=[，。；：,;]))(?:若|如果|假如|一旦|倘若|只要)[^，。；,;]*|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))[^，。；：,;]{1,20}?(?:后|之后|以后|之前|前|的话|前提下)(?=[，,])|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))在[^，。；：,;]{1,24}?(?:环境|背景|情况|形势|周期|过程|阶段)(?:中|下)(?=[，,])|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))(?:按|以|若按)[^，。；：,;]{1,24}?(?:计算|测算|估算)(?=[，,])|"
                        r"(?:(?<=^)|(?<=[，。；：,;]))从[^，。；：,;]{1,12}?(?:看|来看|角度看)(?=[，,])")


# A view the report attributes to others, unquoted. It runs to the report's own turn when one follows in the
# sentence ("市场普遍担忧A，叠加B，下半年价格将持续下行，我们认为…": B and the fall are still the market's), else
# to the end of the sentence (the rebuttal comes in the next one); "与市场预期的产能出清不同，…" ends with its clause.
# Not a verdict's benchmark (低于市场预期, 小于此前市场预期).
_VIEW_HEAD = (r"(?<![超于及达])(?<!于此前)(?<!及此前)(?<!超此前)(?<!于前期)(?<!及前期)(?:市场上?|部分机构|部分投资者|投资者|市场主流观点|主流观点|一致预期|有观点|部分观点|有投资者)"
              r"(?:普遍|主流|此前|也)?(?:观点)?(?:认为|预期|担忧|担心|期待|判断|关注)")
_OTHERS_VIEW = re.compile(rf"(?<=与){_VIEW_HEAD}[^，。；：,;]*|"  # 与市场预期的产能出清不同，…: to its clause end
                          # not the market's feared X as a noun (市场担忧的价格战并未出现: the report's fact)
                          rf"{_VIEW_HEAD}(?!的(?!是))(?:[^。；;]*?(?=[，,]\s*(?:但|然而|不过|而?我们(?:的)?(?:认为|判断|预计|看法|观点)|我们对此))|[^。；;]*)")


_REBUTTAL = re.compile(rf"{_VIEW_HEAD}[^。；;]*?[，,]\s*(?:但|然而|不过|而?我们(?:的)?(?:认为|判断|预计|看法|观点)|我们对此)")


def rebuts(text: str) -> bool:
    """The sentence sets the report's own turn against a view it attributes to others (市场普遍认为A，但…)."""
    return bool(_REBUTTAL.search(text))


@lru_cache(maxsize=8192)  # every metric reading of a claim starts here, in every pair it meets
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
    return clauses_after_turn(unquoted(text))[1]


# "单位成本随产能利用率提高而摊薄": the move inside 随…而 is the driver's, not the subject's.
_DRIVER = re.compile(r"随着?[^，。；,;]{1,16}?(?=而)")


def movement(text: str, at: int | None = None) -> tuple[str | None, str | None]:
    """(up / down / flat, the movement word) the claim asserts: the movement word nearest before its
    figure at `at`, else the first one of the report's own clause, else the first; negation applied."""
    text = _DRIVER.sub(lambda d: "　" * len(d[0]), unquoted(text))
    _, own = clauses_after_turn(text)
    near = [m for m in MOVE_RE.finditer(text) if at is not None and m.end() <= at and at - m.end() <= 12]
    own_start = len(text) - len(own)
    m = near[-1] if near else (MOVE_RE.search(text, own_start) or MOVE_RE.search(text))
    if m is None:
        return None, None
    if m[0] in INTENSIFIERS and (nxt := MOVE_RE.match(text, m.end())):
        m = nxt  # 加速出清 is a fall, 加速提升 a rise
    elif m[0] in BOTTOMING and (nxt := MOVE_RE.match(text, m.end())) and MOVES[nxt[0]] == "up":
        m = nxt  # 触底回升, 见底反弹: the rise after the bottom
    elif m[0] in KEEPS and (nxt := _KEPT_MOVE.match(text, m.end())) and MOVES[nxt[1]] in ("up", "down"):
        m = MOVE_RE.match(text, nxt.start(1))  # 保持较快增长 and 维持下行趋势 keep a move going, not a level
    move = MOVES[m[0]]
    tail = text[m.end():m.end() + 12]
    if re.match(r"[^，。；]{0,6}?(?:空间|幅度)[^，。；]{0,3}?有限", tail):
        return "flat", None  # 继续大幅下降的空间有限
    if negated(text, m.start(), scoped=False) or unlikely(text, m.end()):
        return {"up": "flat", "down": "flat", "flat": "down"}[move], None
    return move, m[0]


def direction_of(text: str, at: int | None = None) -> str | None:
    """up / down / flat for the movement the claim asserts (see `movement`)."""
    return movement(text, at)[0]
