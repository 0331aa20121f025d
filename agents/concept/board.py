"""The concept-board cross-check: the board the user's own word names comes first.

Order: a board named exactly as typed (spaces, width and case aside); then the boards the concept's
template lists; then the aliases (tools/market_data/boards.py). The chain says which name found the
board (`board_matched_by`), and when the typed name's board exists but its constituents cannot be
read, it says so instead of quietly checking against an alias's board.
"""

from __future__ import annotations

from typing import Sequence

from agents.concept.models import BoardMember, ConceptChain
from tools.errors import first_line
from tools.market_data.boards import board_key


def _candidates(chain: ConceptChain, boards: list[str], template_boards: Sequence[str]) -> list[tuple[str, str]]:
    """(board, the name that matched it) in the order to try."""
    by_key = {board_key(b): b for b in boards}
    out: list[tuple[str, str]] = []
    typed = by_key.get(board_key(chain.concept))
    if typed:
        return [(typed, chain.concept)]
    for name in template_boards:
        if board_key(name) in by_key:
            out.append((by_key[board_key(name)], name))
    for alias in chain.aliases:
        if board_key(alias) in by_key:
            out.append((by_key[board_key(alias)], alias))
    return list(dict.fromkeys(out))


def check_board(chain: ConceptChain, market, master, template_boards: Sequence[str] = ()) -> ConceptChain:
    from tools.market_data import MarketDataError

    chain = chain.model_copy(deep=True)
    try:
        boards = market.concept_boards()["name"].dropna().tolist()
    except MarketDataError as exc:
        chain.notes.append(f"无法核对概念板块成分股：{first_line(exc)}")
        return chain
    candidates = _candidates(chain, boards, template_boards)
    if not candidates:
        for name in [chain.concept, *chain.aliases]:  # the alias table of tools/market_data/boards.py
            try:
                candidates = [(market.resolve_concept(name), name)]
                break
            except MarketDataError:
                continue
    last = "没有名称相符的概念板块"
    for board, matched_by in candidates:
        try:
            members = market.load("concept_constituents", board=board)
        except MarketDataError as exc:
            last = f"概念板块“{board}”的成分股不可用：{first_line(exc)}"
            if matched_by == chain.concept:
                break  # the board the user named exists: no silent switch to another board
            continue
        codes = {c for c in members["code"] if master.exists(c)}
        chain.board, chain.board_matched_by = board, matched_by
        for company in chain.companies:
            company.in_board = company.code in codes
        named = {c.code for c in chain.companies}
        chain.board_only = [BoardMember(code=c, name=master.name_of(c)) for c in sorted(codes - named)]
        how = "按输入的名称" if matched_by == chain.concept else f"按别名“{matched_by}”"
        chain.notes.append(f"概念板块：{how}匹配到“{board}”。")
        if members.attrs.get("provenance", {}).get("source") == "fixture":
            chain.notes.append(f"概念板块“{board}”成分股来自随仓库附带的样例数据（非实时行情）。")
        return chain
    chain.notes.append(f"无法核对概念板块成分股：{last}")
    return chain
