"""The shapes the generator passes around: content blocks, text styles, frames, and placed items.

A document is a list of `Block`s (what is printed, in reading order). The engine places them into
frames (`Rect`s) page by page and returns `Placed` items; the drawer paints those, and the gold is
read off the same items, so what the gold says is exactly what was drawn.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rect:
    x: float
    top: float  # y of the top edge (PDF coordinates: y grows upwards)
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top - self.height


@dataclass(frozen=True)
class TextStyle:
    size: float = 9.5
    leading: float = 15.0
    indent: float = 0.0  # first-line indent, points
    left: float = 0.0  # left indent of every line (bullets hang)
    before: float = 0.0
    after: float = 4.0
    color: str = "#000000"
    bold: bool = False  # fake bold (fill + stroke), as many Word-made PDFs do it
    align: str = "left"
    fill: str | None = None  # background band behind the block


@dataclass
class Block:
    """One printed thing. kind: title, subtitle, heading, para, bullet, caption, source, note, kv,
    table, chart, figpair, toc, spacer, pagebreak, template (switches the page template)."""

    kind: str
    text: str = ""
    rows: list[list[str]] | None = None
    style: str | None = None  # text-style key when it differs from `kind`
    keep_with_next: bool = False
    boilerplate: bool = False
    height: float = 0.0  # charts, spacers
    pair: tuple | None = None  # figpair: ((caption, source), (caption, source))
    table: dict = field(default_factory=dict)  # role, header_rows, unit, forecast cells, grid style


@dataclass
class Placed:
    """A block (or the part of one) at its place on a page."""

    block: Block
    region: str
    x: float
    top: float
    width: float
    height: float
    style: TextStyle | None = None
    lines: list = field(default_factory=list)  # wrap.Line
    continued: bool = False  # the block began on an earlier frame
    continues: bool = False  # the block goes on in the next frame
    col_widths: list[float] = field(default_factory=list)
    row_height: float = 0.0


@dataclass
class PagePlan:
    index: int
    template: str  # cover, body, disclaimer
    items: list[Placed] = field(default_factory=list)
    header: list[tuple] = field(default_factory=list)  # (x, y, text, size, align)
    footer: list[tuple] = field(default_factory=list)
    label: str | None = None  # the printed page number
