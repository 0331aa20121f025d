"""Running headers, footers and page numbers, found by position and repetition across pages.

A segment near the top or bottom edge whose text (digits masked) comes back at about the same height
on several pages is running furniture. The bands those repeated segments occupy then mark furniture on
every page, the cover included (where a one-off item such as 证券研究报告 stands in the same band).
Page numbers are the furniture segments that read as one (`3`, `- 3 -`, `3 / 12`, `第 3 页 共 12 页`).
Nothing here knows any broker's wording.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from tools.layout.segments import Segment

EDGE_SHARE = 0.14  # candidates lie in the outer 14 % of the page height
REPEAT_SHARE = 0.3
MAX_CHARS = 60  # running headers and footers are short  # ...and recur on at least this share of pages (and on 2 pages at least)
_DIGITS = re.compile(r"\d+")
_PAGE_LABEL = re.compile(r"^(?:[-–—]\s*(\d{1,4})\s*[-–—]|(\d{1,4})\s*/\s*\d{1,4}|第\s*(\d{1,4})\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
                         r"|(?:page|p\.)\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?|(\d{1,4}))$", re.I)


@dataclass(frozen=True)
class PageFurniture:
    header: tuple[str, ...]  # left to right, top band first
    footer: tuple[str, ...]
    label: str | None  # the printed page number


def page_label(text: str) -> str | None:
    m = _PAGE_LABEL.match(text.strip())
    return next((g for g in m.groups() if g), None) if m else None


def _key(segment: Segment) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", segment.text))


def _bands(pages: Sequence[tuple[float, Sequence[Segment]]]) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(top bands, bottom bands) as (from, to) in top-down points, where repeated segments stand."""
    seen: dict[tuple[str, str], list[tuple[int, Segment]]] = {}
    for index, (height, segments) in enumerate(pages):
        for seg in segments:
            edge = "top" if seg.bottom <= EDGE_SHARE * height else "bottom" if seg.top >= (1 - EDGE_SHARE) * height else None
            if edge and len(seg.text) <= MAX_CHARS and _set_apart(seg, segments, edge):
                seen.setdefault((edge, _key(seg)), []).append((index, seg))
    need = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    top: list[tuple[float, float]] = []
    bottom: list[tuple[float, float]] = []
    for (edge, _), hits in seen.items():
        by_height: dict[int, set[int]] = {}
        for index, seg in hits:  # the same text at about the same height (±3 pt)
            by_height.setdefault(round(seg.baseline / 3), set()).add(index)
        for bucket, indexes in by_height.items():
            near = indexes | by_height.get(bucket - 1, set()) | by_height.get(bucket + 1, set())
            if len(near) >= need:
                segs = [s for i, s in hits if abs(round(s.baseline / 3) - bucket) <= 1]
                band = (min(s.top for s in segs) - 1.5, max(s.bottom for s in segs) + 1.5)
                (top if edge == "top" else bottom).append(band)
    return top, bottom


def _set_apart(seg: Segment, segments: Sequence[Segment], edge: str) -> bool:
    """Furniture stands apart from the body: the nearest text towards the page's middle is further away
    than body lines are from each other (a heading repeated at the top of every page is not set apart)."""
    if edge == "top":
        gaps = [s.top - seg.bottom for s in segments if s.top >= seg.bottom - 0.5 and s is not seg]
    else:
        gaps = [seg.top - s.bottom for s in segments if s.bottom <= seg.top + 0.5 and s is not seg]
    return not gaps or min(gaps) >= 0.8 * seg.size


def split_furniture(pages: Sequence[tuple[float, Sequence[Segment]]]) -> list[tuple[PageFurniture, list[Segment]]]:
    """For each page (height, segments): its furniture and its body segments."""
    top_bands, bottom_bands = _bands(pages)
    out = []
    for height, segments in pages:
        header = [s for s in segments if s.bottom <= EDGE_SHARE * height and _inside(s, top_bands)]
        footer = [s for s in segments if s.top >= (1 - EDGE_SHARE) * height and _inside(s, bottom_bands)]
        if header:  # anything between the page edge and this page's own running header is furniture too
            edge = min(s.top for s in header)
            header += [s for s in segments if s.bottom <= edge and s not in header]
        if footer:
            edge = max(s.bottom for s in footer)
            footer += [s for s in segments if s.top >= edge and s not in footer]
        body = [s for s in segments if s not in header and s not in footer]
        label = _label(footer) or _label(header)
        out.append((PageFurniture(_texts(header), _texts(footer), label), body))
    return out


def _inside(segment: Segment, bands: list[tuple[float, float]]) -> bool:
    return any(a <= segment.center_y <= b for a, b in bands)


def _texts(segments: list[Segment]) -> tuple[str, ...]:
    """Top to bottom, and left to right within a row (items whose heights overlap)."""
    rows: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: s.top):
        if rows and seg.top < max(s.bottom for s in rows[-1]) - 0.3 * seg.height:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return tuple(s.text for row in rows for s in sorted(row, key=lambda s: s.x0))


def _label(segments: list[Segment]) -> str | None:
    for seg in sorted(segments, key=lambda s: -s.x1):  # page numbers sit at the outer edge, usually right
        label = page_label(seg.text)
        if label is not None:
            return label
    return None
