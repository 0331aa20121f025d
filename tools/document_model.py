"""The parsed document: pages, metadata and the one error type a bad file raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.document_paths import KINDS, PARSER_VERSION, SUPPORTED_SUFFIXES
from tools.file_reading import DocumentError
from tools.forecast_table import ForecastCell
from tools.report_metadata import CoverLine, ReportMetadata

__all__ = ["PARSER_VERSION", "SUPPORTED_SUFFIXES", "KINDS", "Page", "Document", "DocumentError", "Parsed"]
Rows = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page:
    number: int  # 0-based
    text: str  # the body in reading order; tables as Markdown rows
    header: tuple[str, ...] = ()  # running header items, left to right
    footer: tuple[str, ...] = ()
    label: str | None = None  # the page number printed on the page, when it prints one
    boilerplate_from: int | None = None  # offset in `text` where disclaimer material starts (0: the whole page)
    tables: tuple[Rows, ...] = ()

    @property
    def boilerplate(self) -> bool:
        return self.boilerplate_from == 0

    @property
    def content(self) -> str:
        """The text before any disclaimer material."""
        return self.text if self.boilerplate_from is None else self.text[: self.boilerplate_from]


@dataclass(frozen=True)
class Document:
    source: Path
    report_id: str  # first 16 hex chars of the file's sha256: same bytes, same id
    kind: str
    title: str  # for display: the printed title, else the file name's, else the file's stem
    broker: str | None
    date: str | None  # publication date; never a file or PDF-producer date
    tickers: tuple[str, ...]
    pages: tuple[Page, ...]
    metadata: ReportMetadata = field(default_factory=ReportMetadata)
    forecasts: tuple[ForecastCell, ...] = ()  # cells of the report's earnings-forecast table
    parser_version: str = PARSER_VERSION

    @property
    def page_count(self) -> int:
        return len(self.pages)




@dataclass
class Parsed:
    texts: list[str]
    headers: list[tuple[str, ...]]
    footers: list[tuple[str, ...]]
    labels: list[str | None]
    tables: list[tuple[Rows, ...]]
    cover_lines: tuple[CoverLine, ...] = ()
    info: dict[str, str] = field(default_factory=dict)
    title_hint: str | None = None


