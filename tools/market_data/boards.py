"""Board-name resolution: what researchers call a concept -> the eastmoney board that holds it.

Eastmoney has no board named exactly 自动驾驶 or 算力; its names are 无人驾驶, 算力概念, 飞行汽车(eVTOL)…
The alias table below is small on purpose: each entry names boards in the order to try, and only a
board present in the live (or cached) board list is ever returned.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Mapping, Sequence

from tools.market_data.errors import UnknownBoard

CONCEPT_ALIASES: dict[str, tuple[str, ...]] = {
    "自动驾驶": ("无人驾驶",),
    "智能驾驶": ("无人驾驶",),
    "算力": ("算力概念",),
    "AI算力": ("算力概念",),
    "人工智能算力": ("算力概念",),
    "低空经济": ("低空经济", "飞行汽车(eVTOL)"),
    "飞行汽车": ("飞行汽车(eVTOL)", "低空经济"),
    "eVTOL": ("飞行汽车(eVTOL)",),
    "机器人": ("机器人概念",),
    "人形机器人": ("人形机器人", "机器人概念"),
    "光模块": ("CPO概念",),
    "CPO": ("CPO概念",),
    "AI": ("人工智能",),
    "车路协同": ("车联网(车路云)",),
}
_SUFFIXES = ("概念股", "概念", "板块")
_SPACES = re.compile(r"\s+")


def board_key(name: str) -> str:
    """Comparison form: NFKC (full-width letters and brackets), no spaces, case-folded."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name)).casefold()


def _stem(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def close_matches(name: str, boards: Sequence[str], limit: int = 5) -> list[str]:
    """Boards whose names contain, or are contained in, `name`, then the most similar by spelling."""
    key = _stem(board_key(name))
    by_key = {board_key(board): board for board in boards}
    found = [board for k, board in by_key.items() if key and (key in k or _stem(k) in key)]
    for k in difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.5):
        if by_key[k] not in found:
            found.append(by_key[k])
    return found[:limit]


def resolve_board(name: str, boards: Sequence[str], *, aliases: Mapping[str, Sequence[str]] = CONCEPT_ALIASES,
                  kind: str = "概念") -> str:
    """The board in `boards` that `name` means; UnknownBoard (with close matches) when none does."""
    by_key = {board_key(board): board for board in boards}
    key = board_key(name)
    if key in by_key:
        return by_key[key]
    alias_by_key = {board_key(alias): targets for alias, targets in aliases.items()}
    for target in alias_by_key.get(key, ()):
        if board_key(target) in by_key:
            return by_key[board_key(target)]
    stem = _stem(key)
    for candidate in (stem, stem + "概念"):
        if candidate in by_key:
            return by_key[candidate]
    raise UnknownBoard(name, kind, close_matches(name, boards))
