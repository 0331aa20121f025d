"""What ingest writes for one document: the catalog row and each chunk's vector metadata."""

from __future__ import annotations

from memory.catalog import ReportRecord
from tools.documents import Document


def chunk_metadata(doc: Document, page: int, boilerplate: bool = False) -> dict:
    meta = {"report_id": doc.report_id, "page": page, "title": doc.title, "source": str(doc.source),
            "boilerplate": boilerplate}
    if doc.broker:
        meta["broker"] = doc.broker
    if doc.date:
        meta["date"] = doc.date
        meta["date_key"] = int(doc.date.replace("-", ""))
    if doc.tickers:
        meta["tickers"] = list(doc.tickers)
    return meta


def report_record(doc: Document, chunk_count: int) -> ReportRecord:
    return ReportRecord(doc.report_id, str(doc.source), doc.kind, doc.title, doc.broker, doc.date, doc.page_count,
                        chunk_count, tuple(doc.tickers), "writing", doc.parser_version, doc.metadata.to_json())
