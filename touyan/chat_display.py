"""How chat answers appear in the terminal.

- Markdown is rendered (tables as tables, bold as bold) when stdout is a terminal; piped output stays
  the plain Markdown the answer was, so scripts read what they always read.
- The offline notice the supervisor appends to every offline answer is shown once per session.
- Citations read as a person finds them: 《标题》p.N with N the page a PDF viewer shows. The supervisor
  writes [《标题》p.N] so already (agents/supervisor/render.cite); answers stored before that carry
  [《标题》· p.N] with N 0-based, shifted here; summaries of broker views write [券商 · <report id> · p.N]
  (0-based): the id becomes the report's title. Whether `cite` itself writes the 0-based form is asked of
  `cite` at run time, so nothing here shifts twice.
"""

from __future__ import annotations

import re
from typing import Callable

from rich.console import Console
from rich.markdown import Markdown

_CHAT_CITE = re.compile(r"\[《([^》\]\n]*)》\s*·\s*p\.(\d+)\]")
_ID_CITE = re.compile(r"\[([^\[\]·\n]{1,40}?)\s*·\s*([0-9a-f]{16})\s*·\s*p\.(\d+)\]")
_ID_ONLY = re.compile(r"\[([^\[\]·\n]{1,40}?)\s*·\s*([0-9a-f]{16})\]")

TitleOf = Callable[[str], "str | None"]


def _cite_shift() -> int:
    """1 when the [《标题》· p.N] markers this module rewrites are 0-based: those `cite` writes when it writes
    that form with p.0 for page 0, and those stored before `cite` moved to its 1-based [《标题》p.N] form."""
    from agents.supervisor.render import cite

    match = _CHAT_CITE.fullmatch(cite("", 0))
    return 1 if match is None or match.group(2) == "0" else 0


def readable_citations(text: str, title_of: TitleOf | None = None, shift: int | None = None) -> str:
    """Chat and consensus citation markers rewritten with titles and 1-based PDF pages."""
    shift = _cite_shift() if shift is None else shift
    text = _CHAT_CITE.sub(lambda m: f"[《{m.group(1)}》p.{int(m.group(2)) + shift}]", text)
    if title_of is None:
        return text

    def with_title(m: re.Match, page: str | None) -> str:
        title = title_of(m.group(2))
        if not title:
            return m.group(0)
        where = f"p.{int(page) + 1}" if page is not None else ""  # consensus pages are 0-based like [page::N]
        return f"[{m.group(1).strip()}《{title}》{where}]"

    text = _ID_CITE.sub(lambda m: with_title(m, m.group(3)), text)
    return _ID_ONLY.sub(lambda m: with_title(m, None), text)


def split_offline_note(text: str, note: str) -> tuple[str, bool]:
    """(answer without the trailing offline notice, whether it had one)."""
    stripped = text.rstrip()
    if note and stripped.endswith(note):
        return stripped[: -len(note)].rstrip(), True
    return text, False


class AnswerPrinter:
    """Prints one session's answers: streamed tokens, whole messages, the offline notice once."""

    def __init__(self, out: Console, title_of: TitleOf | None = None, offline_note: str = ""):
        self.out, self.title_of, self.offline_note = out, title_of, offline_note
        self.noted = False
        self._buffer = ""
        self._live = None

    def _readable(self, text: str) -> str:
        return readable_citations(text, self.title_of)

    def token(self, text: str) -> None:
        self._buffer += text
        if self.out.is_terminal:
            from rich.live import Live

            if self._live is None:
                self._live = Live(console=self.out, vertical_overflow="visible", refresh_per_second=8)
                self._live.start()
            self._live.update(Markdown(self._readable(self._buffer)))
            return
        done, _, rest = self._buffer.rpartition("\n")  # plain output: whole lines, citations rewritten
        if done:
            self.out.print(self._readable(done + "\n"), end="", markup=False, highlight=False)
            self._buffer = rest

    def message(self, text: str, streamed: bool) -> None:
        body, offline = split_offline_note(text, self.offline_note)
        if streamed:
            if self._live is not None:
                self._live.update(Markdown(self._readable(body)))
                self._live.stop()
            else:
                self.out.print(self._readable(self._buffer), markup=False, highlight=False)
            self._live, self._buffer = None, ""
        elif self.out.is_terminal:
            self.out.print(Markdown(self._readable(body)))
        else:
            self.out.print(self._readable(body), markup=False, highlight=False)
        if offline and not self.noted:
            self.noted = True
            self.out.print(self.offline_note, style="dim", markup=False, highlight=False)

    def abort(self) -> None:
        """A cancelled or failed turn: stop the live view and drop what was half-streamed."""
        if self._live is not None:
            self._live.stop()
        self._live, self._buffer = None, ""
