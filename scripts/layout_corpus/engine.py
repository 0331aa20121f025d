"""Flow blocks into frames, page by page. Pure geometry: nothing is drawn here.

The flow fills the frames of the current page template in order (one column, or left column then
right column), splitting paragraphs between frames at line boundaries and moving tables, charts and
a caption with what follows it whole. Fixed regions (a cover's sidebar) are placed once and must fit.
"""
from __future__ import annotations

from .model import Block, PagePlan, Placed, Rect, TextStyle
from .wrap import text_width, wrap

CELL_SIZE = 7.5
CELL_PAD = 4.0


class LayoutError(ValueError):
    """Content does not fit where the style puts it."""


def text_style(style, block: Block) -> TextStyle:
    return style.text.get(block.style or block.kind) or style.text["para"]


def table_geometry(rows: list[list[str]], width: float, size: float = CELL_SIZE) -> tuple[list[float], float]:
    ncols = max(len(r) for r in rows)
    natural = [max(text_width(r[i], size) if i < len(r) else 0 for r in rows) + 2 * CELL_PAD for i in range(ncols)]
    if sum(natural) > width:
        raise LayoutError(f"table of {ncols} columns needs {sum(natural):.0f}pt, frame has {width:.0f}pt")
    spare = (width - sum(natural)) / ncols
    return [w + spare for w in natural], round(size * 2.0, 2)


def block_height(style, block: Block, width: float) -> float:
    """Height a block needs when placed whole at the top of a frame."""
    if block.kind in ("chart", "spacer"):
        return block.height
    if block.kind == "table":
        return table_geometry(block.rows, width)[1] * len(block.rows) + 4
    if block.kind == "figpair":
        cap = style.text["caption"]
        return cap.leading * 2 + block.height + 4
    st = text_style(style, block)
    return len(wrap(block.text, width - st.left, st.size, first_indent=st.indent)) * st.leading + st.after


class Flow:
    def __init__(self, style, pages: list[PagePlan] | None = None):
        self.style = style
        self.pages: list[PagePlan] = pages if pages is not None else []
        self.frames: list[Rect] = []
        self.regions: list[str] = []
        self.fi = 0
        self.y = 0.0
        self.fixed = False

    # -- frames --------------------------------------------------------------
    def new_page(self, template: str) -> None:
        self.pages.append(PagePlan(len(self.pages), template))
        self.frames, self.regions = self.style.frames(template)
        self.fi, self.y = 0, self.frames[0].top

    def use_region(self, frame: Rect, region: str) -> None:
        """Place into one fixed frame of the current page; overflowing it is an error."""
        self.frames, self.regions, self.fi, self.y, self.fixed = [frame], [region], 0, frame.top, True

    @property
    def frame(self) -> Rect:
        return self.frames[self.fi]

    @property
    def at_top(self) -> bool:
        return self.y == self.frame.top

    def next_frame(self) -> None:
        if self.fixed:
            raise LayoutError(f"region {self.regions[0]!r} overflows on page {self.pages[-1].index}")
        if self.fi + 1 < len(self.frames):
            self.fi += 1
            self.y = self.frame.top
        else:
            template = self.pages[-1].template
            self.new_page("body" if template == "cover" else template)

    def room(self) -> float:
        return self.y - self.frame.bottom

    def add(self, placed: Placed) -> None:
        self.pages[-1].items.append(placed)

    # -- blocks ----------------------------------------------------------------
    def place_all(self, blocks: list[Block]) -> None:
        for i, block in enumerate(blocks):
            if block.kind == "pagebreak":
                if not (self.at_top and not self.pages[-1].items and self.fi == 0):
                    self.new_page(self.pages[-1].template if self.pages[-1].template != "cover" else "body")
                continue
            if block.kind == "template":
                self.new_page(block.text)
                continue
            if block.keep_with_next and i + 1 < len(blocks) and not self.at_top:
                need = block_height(self.style, block, self.frame.width)
                need += min(block_height(self.style, blocks[i + 1], self.frame.width), 3 * self.style.text["para"].leading)
                if need > self.room():
                    self.next_frame()
            self.place(block)

    def place(self, block: Block) -> None:
        if block.kind in ("chart", "table", "figpair", "spacer"):
            self.place_whole(block)
        else:
            self.place_text(block)

    def place_whole(self, block: Block) -> None:
        frame = self.frame
        height = block_height(self.style, block, frame.width)
        if block.kind == "spacer":
            self.y = max(self.y - height, frame.bottom)
            return
        if height > self.room():
            if self.at_top:
                raise LayoutError(f"{block.kind} of {height:.0f}pt does not fit an empty frame")
            self.next_frame()
            frame = self.frame
        placed = Placed(block, self.regions[self.fi], frame.x, self.y, frame.width, height)
        if block.kind == "table":
            placed.col_widths, placed.row_height = table_geometry(block.rows, frame.width)
        if block.kind == "figpair":
            placed.style = self.style.text["caption"]
        self.add(placed)
        self.y -= height

    def place_text(self, block: Block) -> None:
        st = text_style(self.style, block)
        lines = wrap(block.text, self.frame.width - st.left, st.size, first_indent=st.indent)
        first = True
        while lines:
            if not self.at_top:
                self.y -= st.before if first else 0
            fit = int(max(self.room(), 0) // st.leading)
            if fit == 0:
                self.next_frame()
                continue
            take, lines = lines[:fit], lines[fit:]
            frame = self.frame
            placed = Placed(block, self.regions[self.fi], frame.x, self.y, frame.width, len(take) * st.leading, st, take,
                            continued=not first, continues=bool(lines))
            self.add(placed)
            self.y -= len(take) * st.leading
            first = False
            if lines:
                self.next_frame()
        self.y -= st.after


def layout(style, flow: list[Block], fixed: dict[str, list[Block]]) -> list[PagePlan]:
    """Pages for a document: `flow` from the cover's main frame on, `fixed` regions on the cover."""
    engine = Flow(style)
    engine.new_page("cover")
    cover_page = engine.pages[0]
    # Reading order on the cover is main column first, then the fixed regions (sidebar, boxes).
    engine.place_all(flow)
    sidebar: list[Placed] = []
    for region, blocks in fixed.items():
        rect = style.cover_regions[region]
        side = Flow(style, [PagePlan(0, "cover")])
        side.use_region(rect, region)
        side.place_all(blocks)
        sidebar.extend(side.pages[0].items)
    cover_page.items.extend(sidebar)
    return engine.pages
