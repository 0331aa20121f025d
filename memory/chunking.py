"""Page-aware chunking: every chunk lies inside one page, so it never loses its page number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from tools.text import split_sentences

DEFAULT_MAX_CHARS = 400
# A short trailing sentence is repeated at the start of the next chunk so that a fact
# straddling a chunk boundary is still retrievable as a whole.
OVERLAP_MAX_CHARS = 120


@dataclass(frozen=True)
class Chunk:
    report_id: str
    page: int
    index: int  # position within the report, 0-based
    text: str
    boilerplate: bool = False  # disclaimer material: searchable only on request

    @property
    def id(self) -> str:
        return f"{self.report_id}:{self.page}:{self.index}"


def _pieces(sentence: str, max_chars: int) -> Iterable[str]:
    for start in range(0, len(sentence), max_chars):
        yield sentence[start : start + max_chars]


def chunk_page(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Pack whole sentences into chunks of at most `max_chars` characters."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in split_sentences(text):
        for piece in _pieces(sentence, max_chars):
            if current and size + len(piece) > max_chars:
                chunks.append("".join(current))
                tail = current[-1]
                current, size = ([tail], len(tail)) if len(tail) <= OVERLAP_MAX_CHARS else ([], 0)
                if size + len(piece) > max_chars:
                    current, size = [], 0
            current.append(piece)
            size += len(piece)
    if current:
        chunks.append("".join(current))
    return chunks


def chunk_pages(report_id: str, pages: Iterable[tuple[int, str]], max_chars: int = DEFAULT_MAX_CHARS,
                boilerplate_from: Sequence[int | None] = ()) -> list[Chunk]:
    """Chunks for every page of a report, numbered in reading order. A page's text from its
    `boilerplate_from` offset on (disclaimers) is chunked apart and flagged."""
    out: list[Chunk] = []
    for k, (page_number, text) in enumerate(pages):
        cut = boilerplate_from[k] if k < len(boilerplate_from) else None
        parts = [(text, False)] if cut is None else [(text[:cut], False), (text[cut:], True)]
        for part, boilerplate in parts:
            for piece in chunk_page(part, max_chars):
                out.append(Chunk(report_id, page_number, len(out), piece, boilerplate))
    return out


def chunk_document(doc, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """chunk_pages over a tools.documents.Document's pages and their disclaimer offsets."""
    return chunk_pages(doc.report_id, [(p.number, p.text) for p in doc.pages], max_chars,
                       [p.boilerplate_from for p in doc.pages])
