"""A held-out variant of the layout corpus: every house style with other margins, larger type and a
different page-number format, generated the same way (gold from the placed lines). The parser's rules
were written against the corpus, so this checks they hold by position and structure, not by its numbers.

    .venv/bin/python -m scripts.layout_corpus.variant OUT_DIR
"""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from . import build

SCALE = 1.08  # type and leading
MARGINS = (16.0, 10.0, 22.0, 14.0)  # added to left, right, top, bottom
_ARABIC = re.compile(r"^(\d+)$")


def _vary(style):
    style.text = {k: replace(t, size=round(t.size * SCALE, 2), leading=round(t.leading * SCALE, 2)) for k, t in style.text.items()}
    style.margins = tuple(m + d for m, d in zip(style.margins, MARGINS))
    furniture = style.furniture

    def renumbered(ctx):  # a bare page number becomes "第 N 页"; other formats stay
        header, footer, label = furniture(ctx)
        footer = [(x, y, _ARABIC.sub(r"第 \1 页", text), *rest) for x, y, text, *rest in footer]
        return header, footer, label

    style.furniture = renumbered
    return style


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    original = build.make_style
    build.make_style = lambda key: _vary(original(key))
    try:
        manifest = build.build_corpus(out)
    finally:
        build.make_style = original
    print(f"{len(manifest)} documents -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
