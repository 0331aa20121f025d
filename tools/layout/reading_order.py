"""Reading order of a page's body from positions: columns found by their gutter, read one after the other.

A gutter is a vertical strip that few items cross. Items wholly left or right of it are column text;
items crossing it (a full-width title, table or paragraph) cut the page into sections, and within a
section the left column is read before the right one — except a narrow sidebar beside a wide main
column, which is read after it. Each column is ordered the same way, recursively, so a pair of figures
side by side inside a one-column page reads left figure (caption, source) then right figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Union

from tools.layout.segments import Segment
from tools.layout.tables import Table

Item = Union[Segment, Table]
MIN_GUTTER = 6.0  # points
SIDEBAR_SHARE = 0.62  # a column narrower than this share of its neighbour is a sidebar


@dataclass(frozen=True)
class _Gutter:
    lo: float
    hi: float


def _width(items: Sequence[Item]) -> float:
    return max(i.x1 for i in items) - min(i.x0 for i in items)


def _rows_order(items: Sequence[Item]) -> list[Item]:
    """Top to bottom; items on one row (overlapping vertically by half) left to right."""
    ordered = sorted(items, key=lambda i: i.top)
    rows: list[list[Item]] = []
    for item in ordered:
        if rows:
            ref = rows[-1][0]
            overlap = min(ref.bottom, item.bottom) - max(ref.top, item.top)
            if overlap >= 0.5 * min(ref.bottom - ref.top, item.bottom - item.top):
                rows[-1].append(item)
                continue
        rows.append([item])
    return [i for row in rows for i in sorted(row, key=lambda i: i.x0)]


def _find_gutter(items: Sequence[Item]) -> _Gutter | None:
    lo, hi = int(min(i.x0 for i in items)), int(max(i.x1 for i in items)) + 1
    delta = [0] * (hi - lo + 2)
    for item in items:  # item covers the integer x with x0 < x <= x1
        a, b = max(int(item.x0) + 1, lo), min(int(item.x1), hi)
        if a <= b:
            delta[a - lo] += 1
            delta[b - lo + 1] -= 1
    crossing, running = [], 0
    for d in delta[:-1]:
        running += d
        crossing.append(running)
    best, best_key = None, None
    x = 0
    while x < len(crossing):
        end = x
        while end + 1 < len(crossing) and crossing[end + 1] == crossing[x]:
            end += 1
        a, b = lo + x, lo + end
        if b - a >= MIN_GUTTER:
            left = [i for i in items if i.x1 <= a + 0.5]
            right = [i for i in items if i.x0 >= b - 0.5]
            if len(left) >= 2 and len(right) >= 2:
                key = (crossing[x], -min(_mass(left), _mass(right)))
                if best_key is None or key < best_key:
                    best, best_key = _Gutter(a, b), key
        x = end + 1
    return best


def prose_gutters(segments: Sequence[Segment], page_width: float) -> list[float]:
    """x of the gutter between columns of running text (long lines only), if the page has one."""
    long = [s for s in segments if s.x1 - s.x0 >= 0.25 * page_width]
    if len(long) < 6:
        return []
    gutter = _find_gutter(long)
    if gutter is None:
        return []
    crossing = sum(1 for s in long if s.x0 < gutter.lo - 0.5 and s.x1 > gutter.hi + 0.5)
    left = sum(1 for s in long if s.x1 <= gutter.lo + 0.5)
    right = len(long) - left - crossing
    return [(gutter.lo + gutter.hi) / 2] if crossing <= 0.1 * len(long) and min(left, right) >= 3 else []


def _mass(items: Sequence[Item]) -> float:
    return sum((i.x1 - i.x0) * (i.bottom - i.top) for i in items)


def order_items(items: Sequence[Item], depth: int = 0) -> list[Item]:
    if len(items) < 4 or depth > 5:
        return _rows_order(items)
    gutter = _find_gutter(items)
    if gutter is None:
        return _rows_order(items)
    spanning = sorted((i for i in items if i.x0 < gutter.lo - 0.5 and i.x1 > gutter.hi + 0.5), key=lambda i: i.top)
    if len(spanning) > 0.6 * len(items):
        return _rows_order(items)
    out: list[Item] = []
    rest = [i for i in items if not any(i is s for s in spanning)]
    cuts = [s.top for s in spanning] + [float("inf")]
    start = float("-inf")
    for k, cut in enumerate(cuts):
        out += _section([i for i in rest if start <= (i.top + i.bottom) / 2 < cut], gutter, depth)
        if k < len(spanning):
            out.append(spanning[k])
        start = cut
    return out


def _section(items: list[Item], gutter: _Gutter, depth: int) -> list[Item]:
    left = [i for i in items if i.x1 <= gutter.lo + 0.5]
    right = [i for i in items if i.x0 >= gutter.hi - 0.5]
    if len(left) < 2 or len(right) < 2:
        return _rows_order(items)
    first, second = left, right
    if _width(left) < SIDEBAR_SHARE * _width(right):
        first, second = right, left  # a sidebar is read after the main column
    return order_items(first, depth + 1) + order_items(second, depth + 1)
