"""How chat answers cite a report page: [《标题》p.N], N the page a PDF viewer shows (1-based).

`[page::N]` markers in summaries and JSON stay 0-based, as their format requires; this is the form a
person reads. Answers stored before this form carry [《标题》· p.N] with N 0-based: the terminal and the
web page still read those as 0-based (touyan/chat_display.py, touyan/web/static/markdown.js)."""

from __future__ import annotations


def cite(title: str, page: int) -> str:
    """`page` is 0-based (as everywhere in code); the marker shows it 1-based."""
    return f"[《{title}》p.{page + 1}]"
