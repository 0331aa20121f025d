"""Characters → segments: runs of text on one baseline with no wide gap inside.

A gap wider than an em splits a line into segments, so table cells, the two halves of a two-column
row and a sidebar's text stay apart; reading order, tables and furniture are built from segments.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Sequence

from tools.layout.pdf_chars import Char

SPLIT_GAP_EM = 1.0  # a gap wider than this many ems starts a new segment
SPACE_GAP_EM = 0.22  # a gap wider than this, with no space character in it, reads as a word space


@dataclass(frozen=True)
class Segment:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # the most common font size of its characters

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


def _runs(chars: Sequence[Char]) -> list[list[Char]]:
    """Chars in stream order cut into runs: same baseline, moving right, no wide gap."""
    runs: list[list[Char]] = []
    ink: Char | None = None  # the current run's last non-space character (the one a gap is measured from)
    for ch in chars:
        if runs:
            run = runs[-1]
            last = ink or run[-1]
            size = max(min(ch.size, last.size), 1.0)
            same_line = abs(ch.baseline - last.baseline) <= 0.35 * size
            if same_line and last.x1 - 0.5 * size <= ch.x0 <= last.x1 + SPLIT_GAP_EM * size:
                run.append(ch)
                ink = ink if ch.text.isspace() else ch
                continue
        runs.append([ch])
        ink = None if ch.text.isspace() else ch
    return runs


def _merge(runs: list[list[Char]]) -> list[list[Char]]:
    """Runs the stream wrote apart but that touch on one baseline (a later correction, a bold overprint).
    A run's baseline, size and right end are worked out once, and again only when it grows."""
    keyed = sorted(((_baseline(r), r) for r in runs), key=lambda br: (round(br[0], 1), br[1][0].x0))
    merged: list[list[Char]] = []
    prev_size = prev_baseline = prev_right = 0.0
    for baseline, run in keyed:
        run_size = _size(run)
        if merged:
            prev = merged[-1]
            size = max(min(prev_size, run_size), 1.0)
            if (abs(prev_baseline - baseline) <= 0.35 * size
                    and prev_right - 0.5 * size <= run[0].x0 <= prev_right + SPLIT_GAP_EM * size):
                prev.extend(run)
                prev_size, prev_baseline = _size(prev), _baseline(prev)
                prev_right = max(prev_right, max(c.x1 for c in run))
                continue
        merged.append(list(run))
        prev_size, prev_baseline, prev_right = run_size, baseline, max(c.x1 for c in run)
    return merged


def _size(run: list[Char]) -> float:
    sizes = [round(c.size, 1) for c in run if not c.text.isspace()] or [round(c.size, 1) for c in run]
    counts = Counter(sizes)
    return max(set(sizes), key=counts.__getitem__)  # ties: the set's order, as max(set, key=sizes.count) had


def _baseline(run: list[Char]) -> float:
    return median(c.baseline for c in run)


def _text(run: list[Char]) -> str:
    out: list[str] = []
    previous: Char | None = None
    for ch in run:
        if ch.text.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            previous = ch
            continue
        if previous is not None and not previous.text.isspace() and ch.x0 - previous.x1 > SPACE_GAP_EM * ch.size:
            out.append(" ")
        out.append(ch.text)
        previous = ch
    return "".join(out).strip()


def _dedupe_overprint(run: list[Char]) -> list[Char]:
    """Bold drawn as the same glyph printed twice at (almost) the same place keeps one copy."""
    kept: list[Char] = []
    for ch in sorted(run, key=lambda c: c.x0):
        if kept and ch.text == kept[-1].text and abs(ch.x0 - kept[-1].x0) < 0.2 * max(ch.size, 1.0):
            continue
        kept.append(ch)
    return kept


def page_segments(chars: Sequence[Char]) -> list[Segment]:
    """Segments of one page, top to bottom, then left to right."""
    segments = []
    for run in _merge(_runs(chars)):
        run = _dedupe_overprint(run)
        text = _text(run)
        if not text:
            continue
        ink = [c for c in run if not c.text.isspace()]
        segments.append(Segment(text, min(c.x0 for c in ink), max(c.x1 for c in ink), min(c.top for c in ink),
                                max(c.bottom for c in ink), _baseline(ink), _size(ink)))
    return sorted(segments, key=lambda s: (round(s.top, 1), s.x0))
