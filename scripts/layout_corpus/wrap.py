"""Line breaking for mixed Chinese/Latin text, as a CJK typesetter does it.

Chinese breaks between any two characters; a run of Latin letters, digits and their punctuation
(`S1130522110003`, `gaozhiw@gjzq.com.cn`, `4,012.5`, `2025E`) stays whole; closing punctuation
never starts a line (it hangs at the end of the previous one) and opening punctuation never ends one.
A break at a space drops the space. Each line remembers whether it ended at a space, so the gold
can join lines back into the paragraph exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

FONT = "STSong-Light"

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%+\-/:_@&'*=#~]*|[ \t]+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』】〕’”%‰…,.;:?!)]}·—")
_NO_LINE_END = set("（《「『【〔‘“([{")


@dataclass(frozen=True)
class Line:
    text: str
    space_after: bool  # the break that ends this line replaced a space


def text_width(text: str, size: float, font: str = FONT) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def wrap(text: str, width: float, size: float, font: str = FONT, first_indent: float = 0.0) -> list[Line]:
    """Break `text` into lines no wider than `width` points (the first line `first_indent` narrower)."""
    lines: list[Line] = []
    current: list[str] = []
    current_w = 0.0
    limit = width - first_indent

    def flush(space_after: bool) -> None:
        nonlocal current, current_w, limit
        lines.append(Line("".join(current).rstrip(" "), space_after))
        current, current_w, limit = [], 0.0, width

    for tok in tokens(text):
        if tok.isspace():
            if current:
                current.append(" ")
                current_w += text_width(" ", size, font)
            continue
        w = text_width(tok, size, font)
        if current_w + w <= limit or not current or (tok[0] in _NO_LINE_START and len(tok) == 1):
            if w > limit and not current:  # a single token wider than the line: cut it by characters
                for ch in tok:
                    cw = text_width(ch, size, font)
                    if current and current_w + cw > limit:
                        flush(False)
                    current.append(ch)
                    current_w += cw
                continue
            current.append(tok)
            current_w += w
            continue
        ended_at_space = current[-1] == " "
        carry: list[str] = []
        while current and current[-1] != " " and current[-1] in _NO_LINE_END:  # never end on an opening mark
            carry.insert(0, current.pop())
        if not current:
            current, carry = carry, []
        flush(ended_at_space and not carry)
        current = carry + [tok]
        current_w = sum(text_width(t, size, font) for t in current)
    if current:
        lines.append(Line("".join(current).rstrip(" "), False))
    return lines


def join_lines(lines: list[Line]) -> str:
    """The paragraph text the lines came from (whitespace at breaks restored as one space)."""
    out = ""
    for line in lines:
        out += line.text + (" " if line.space_after else "")
    return out.rstrip(" ")
