"""Tables rebuilt from positions, with or without ruling lines.

Broker reports set most tables as 三线表 or zebra stripes: no grid to find, only text aligned in
columns. A table here is a run of consecutive rows (segments on one baseline) that each hold several
short cells, numbers among them; its columns are the clusters of overlapping cell extents, so a
right-aligned figure column and its header land in the same column and a missing cell stays empty.

A two-column table (环节 | 代表公司, 指标 | 数值) has no third cell to tell it from two columns of text,
so a run of two-cell rows is a table only when it is at least three rows long, in one type size, the
cells of each column all cross one vertical line (left-aligned, centred or right-aligned), and the rows
are not two columns of justified text lines; pages of two-column prose never get there, because no
group crosses their gutter, and a cover's title lines beside its sidebar differ in type size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from tools.layout.segments import Segment

MAX_CELL_CHARS = 32
_NUMERIC = re.compile(r"^[-+−–(（]?[\d,.]+[%％)）]?(?:[A-Za-z元倍x]{0,2})$|^(?:19|20)\d\d[AEFaef]?$|^(?:NA|N/A|-|—|--)$")


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    def markdown(self) -> list[str]:
        return ["| " + " | ".join(cell.replace("|", "／") for cell in row) + " |" for row in self.rows]


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMERIC.match(text.replace(" ", "")))


def _cell_like(seg: Segment, page_width: float) -> bool:
    return len(seg.text) <= MAX_CELL_CHARS and seg.x1 - seg.x0 <= 0.36 * page_width


def _rows(segments: Sequence[Segment]) -> list[list[Segment]]:
    rows: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.baseline, s.x0)):
        if rows and abs(seg.baseline - rows[-1][0].baseline) <= 0.35 * max(seg.size, 1.0):
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [sorted(r, key=lambda s: s.x0) for r in rows]


def _groups(row: list[Segment], page_width: float, gutters: Sequence[float]) -> list[list[Segment]]:
    """Runs of cell-like segments in a row, cut at any long (prose) segment and at a column gutter."""
    groups: list[list[Segment]] = [[]]
    for seg in row:
        if not _cell_like(seg, page_width):
            groups.append([])
            continue
        if groups[-1] and any(groups[-1][-1].x1 <= g <= seg.x0 for g in gutters):
            groups.append([])
        groups[-1].append(seg)
    return [g for g in groups if g]


def _overlaps(a: list[Segment], b: list[Segment]) -> bool:
    lo, hi = max(min(s.x0 for s in a), min(s.x0 for s in b)), min(max(s.x1 for s in a), max(s.x1 for s in b))
    return hi - lo >= 0.5 * min(max(s.x1 for s in a) - min(s.x0 for s in a), max(s.x1 for s in b) - min(s.x0 for s in b))


def find_tables(segments: Sequence[Segment], page_width: float,
                gutters: Sequence[float] = ()) -> tuple[list[Table], list[Segment]]:
    """Tables on a page and the segments that are not part of any; no table crosses a column `gutter`."""
    candidates = [(g, len(g) >= 3) for row in _rows(segments) for g in _groups(row, page_width, gutters)
                  if len(g) >= 2]
    candidates.sort(key=lambda c: (c[0][0].top, c[0][0].x0))
    runs: list[list[list[Segment]]] = []
    for group, wide in candidates:
        run = next((r for r in reversed(runs) if _continues(r[-1], group) and (wide or len(r[-1]) >= 3)), None)
        if run is not None:
            run.append(group)
        elif wide:
            runs.append([group])
    runs += _pair_runs([g for g, wide in candidates if not wide and not any(g in r for r in runs)])
    tables, used = [], set()
    for run in runs:
        if not _is_table(run):
            continue
        table = _build(run)
        tables.append(table)
        used.update(id(s) for g in run for s in g)
    return tables, [s for s in segments if id(s) not in used]


def _pair_runs(pairs: list[list[Segment]]) -> list[list[list[Segment]]]:
    """Runs of consecutive two-cell rows that read as a two-column table."""
    runs: list[list[list[Segment]]] = []
    for pair in pairs:
        run = next((r for r in reversed(runs) if _continues(r[-1], pair)), None)
        if run is not None:
            run.append(pair)
        else:
            runs.append([pair])
    return [r for r in runs if len(r) >= 3 and _aligned_pairs(r)]


def _aligned_pairs(run: list[list[Segment]]) -> bool:
    em = max(s.size for g in run for s in g)
    left, right = [g[0] for g in run], [g[1] for g in run]

    def spread(values: list[float]) -> float:
        return max(values) - min(values)

    def aligned(col: list[Segment]) -> bool:  # one column: every cell crosses one vertical line
        return max(s.x0 for s in col) < min(s.x1 for s in col)

    def justified(col: list[Segment]) -> bool:  # lines of running text filling a column
        return spread([s.x0 for s in col]) <= 0.5 * em and spread([s.x1 for s in col]) <= 0.5 * em \
            and min(s.x1 - s.x0 for s in col) >= 8 * em

    sizes = [s.size for s in left + right]
    one_type = max(sizes) - min(sizes) <= 1.0  # a table's cells share one type size; a title beside a sidebar does not
    apart = max(s.x1 for s in left) < min(s.x0 for s in right)
    return one_type and apart and aligned(left) and aligned(right) and not (justified(left) and justified(right))


def _continues(previous: list[Segment], group: list[Segment]) -> bool:
    pitch = max(s.height for s in previous)
    gap = min(s.top for s in group) - max(s.bottom for s in previous)
    return -0.3 * pitch <= gap <= 1.6 * pitch and _overlaps(previous, group)


def _is_table(run: list[list[Segment]]) -> bool:
    cells = [s for g in run for s in g]
    numeric = sum(is_numeric_cell(s.text) for s in cells)
    wide_rows = sum(len(g) >= 3 for g in run)
    if wide_rows == 0:
        return len(run) >= 3 and all(len(g) == 2 for g in run)  # a two-column table (_pair_runs)
    return len(run) >= 2 and (wide_rows >= 2 and (numeric >= 0.2 * len(cells) or len(run) >= 3)
                              or wide_rows >= 1 and len(cells) >= 2 * len(run))


def _columns(run: list[list[Segment]]) -> list[tuple[float, float]]:
    """Column extents: overlapping cell spans merged, left to right; only the spans that at least half
    of the rows fill are columns (a header cell centred over right-aligned figures is not one)."""
    spans = sorted((s.x0, s.x1) for g in run for s in g)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1] + 1.0:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    filled = [sum(any(_within(s, c) for s in g) for g in run) for c in columns]
    anchors = [tuple(c) for c, n in zip(columns, filled) if n >= 0.5 * len(run)]
    return anchors or [tuple(c) for c in columns]


def _within(seg: Segment, column: Sequence[float]) -> bool:
    return column[0] - 1.0 <= seg.x0 and seg.x1 <= column[1] + 1.0


def _build(run: list[list[Segment]]) -> Table:
    """Rows of cells: a row with one cell per column fills them in order; a shorter row puts each cell in
    the column its centre is nearest to (an empty cell stays empty)."""
    columns = _columns(run)
    centres = [(a + b) / 2 for a, b in columns]
    rows = []
    for group in run:
        cells = [""] * len(columns)
        if len(group) == len(columns):
            cells = [s.text for s in group]
        else:
            for seg in group:
                inside = [i for i, c in enumerate(columns) if _within(seg, c)]
                index = inside[0] if inside else min(range(len(columns)), key=lambda i: abs(centres[i] - (seg.x0 + seg.x1) / 2))
                cells[index] = f"{cells[index]} {seg.text}".strip()
        rows.append(tuple(cells))
    segs = [s for g in run for s in g]
    sizes = sorted(s.size for s in segs)
    return Table(tuple(rows), min(s.x0 for s in segs), max(s.x1 for s in segs), min(s.top for s in segs),
                 max(s.bottom for s in segs), sizes[len(sizes) // 2])


def tables_in_text(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """The Markdown tables of a page text (runs of `| a | b |` lines), as rows of cells."""
    tables: list[list[tuple[str, ...]]] = []
    previous = False
    for line in text.split("\n"):
        row = line.strip()
        is_row = row.startswith("|") and row.endswith("|") and len(row) > 2
        if is_row:
            cells = tuple(c.strip() for c in row[1:-1].split("|"))
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):  # a header separator line
                if not previous:
                    tables.append([])
                tables[-1].append(cells)
        previous = is_row
    return [tuple(t) for t in tables]
