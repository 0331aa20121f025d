"""Ticker scorers: validity against the stock master (a hard gate), and precision/recall/F1 of the
codes placed on the chain — overall, per level and per node.

Validity takes (code, name) pairs: a code that exists but is written beside another company's name
is as wrong as a code that does not exist (the decoy 华芯动力(688999.SH)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tools.text import squash
from tools.tickers import StockMaster, TickerError, normalize_code


@dataclass(frozen=True)
class PRF:
    precision: float | None
    recall: float | None
    f1: float | None


def prf(predicted: Iterable[str], expected: Iterable[str]) -> PRF:
    """Set precision/recall/F1. Nothing expected and nothing predicted: not applicable (all None)."""
    pred, gold = set(predicted), set(expected)
    if not pred and not gold:
        return PRF(None, None, None)
    hits = len(pred & gold)
    precision = hits / len(pred) if pred else None
    recall = hits / len(gold) if gold else None
    if not pred or not gold:
        return PRF(precision, recall, 0.0)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return PRF(precision, recall, f1)


def invalid_tickers(pairs: Iterable[tuple[str, str | None]], master: StockMaster) -> list[str]:
    """The pairs that name no existing security, or whose name is not that code's company."""
    bad = []
    for code, name in pairs:
        canonical = normalize_code(code or "")
        if canonical is None or not master.exists(canonical):
            bad.append(f"{name or '?'}({code}): 代码不存在")
            continue
        if name:
            try:
                master.verify(canonical, name)
            except TickerError:
                bad.append(f"{name}({code}): 代码属于 {master.name_of(canonical)}")
    return bad


def ticker_validity(pairs: Sequence[tuple[str, str | None]], master: StockMaster) -> float | None:
    """Share of valid (code, name) pairs; None when there are none. The gate wants exactly 1.0."""
    if not pairs:
        return None
    return 1.0 - len(invalid_tickers(pairs, master)) / len(pairs)


def decoys_absent(codes: Iterable[str], decoys: Iterable[str]) -> float:
    shown = {normalize_code(c) or c for c in codes}
    return 0.0 if shown & {normalize_code(d) or d for d in decoys} else 1.0


def node_matches(name: str, reference_name: str, aliases: Sequence[str] = ()) -> bool:
    """Same node when one name contains the other ("电机" / "无框力矩电机") or an alias matches."""
    a = squash(name).lower()
    for candidate in (reference_name, *aliases):
        b = squash(candidate).lower()
        if a and b and (a == b or a in b or b in a):
            return True
    return False


def per_level_f1(predicted: Mapping[str, Iterable[str]], expected: Mapping[str, Iterable[str]]) -> float | None:
    """Macro F1 over the levels the reference places companies on (up / mid / down)."""
    scores = [prf(predicted.get(level, ()), codes).f1 for level, codes in expected.items() if codes]
    scores = [s for s in scores if s is not None]
    return sum(scores) / len(scores) if scores else None


def per_node_f1(predicted: Mapping[str, Iterable[str]], expected_nodes: Sequence[Mapping]) -> dict[str, float]:
    """F1 per reference node: codes the output placed on the matching node(s) vs the reference's.

    `predicted` maps output node names to codes; reference nodes are {name, aliases, codes}.
    A reference node the output lacks scores 0; nodes without codes (edge endpoints only) are skipped.
    """
    out = {}
    for node in expected_nodes:
        if not node.get("codes"):
            continue
        placed = {code for name, codes in predicted.items()
                  if node_matches(name, node["name"], node.get("aliases", ())) for code in codes}
        out[node["name"]] = prf(placed, node.get("codes", ())).f1 or 0.0
    return out
