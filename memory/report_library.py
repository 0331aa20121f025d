"""The report library: ingest documents into the catalog (SQLite) and the vector index (chromadb).

Ingest order keeps the store consistent if the process dies at any point:
1. chunk and embed in memory (the slow part; nothing written yet);
2. mark the report 'writing' in the catalog; upsert its vectors and its keyword documents
   (memory/keyword_index.py);
3. in one SQLite transaction write pages, chunks and FTS rows and flip it to 'complete'.
Readers only see complete reports, and a rerun cleans up what a crash left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from memory.catalog import Catalog, ChunkRecord, ReportRecord
from memory.chunking import DEFAULT_MAX_CHARS, chunk_pages
from memory.keyword_backfill import backfill
from memory.keyword_index import KeywordDoc, TantivyKeywordIndex
from memory.vector_index import VectorIndex, open_client
from tools.documents import Document
from tools.text import tokenize

IngestStatus = Literal["ingested", "unchanged", "replaced"]
# Files per ingest_many call: the embedding model and chromadb both have a fixed cost per call.
INGEST_BATCH = 32


@dataclass(frozen=True)
class IngestOutcome:
    status: IngestStatus
    report_id: str
    pages: int
    chunks: int
    replaced_report_id: str | None = None


def _chunk_metadata(doc: Document, page: int, boilerplate: bool = False) -> dict:
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


class ReportLibrary:
    """Everything agents read about reports goes through here (or memory.search on top of it)."""

    def __init__(self, root: Path, embedding_function, *, chroma_url: str | None = None,
                 chunk_chars: int = DEFAULT_MAX_CHARS):
        self.root = root
        self.catalog = Catalog(root / "catalog.sqlite3")
        self.vectors = VectorIndex(open_client(root / "chroma", chroma_url), embedding_function)
        self.keywords = TantivyKeywordIndex(root / "keywords")
        self.chunk_chars = chunk_chars
        self._cleanup_incomplete()
        if not self.keywords.filled:  # a new library, or one from before the keyword index (or its schema)
            backfill(self.keywords, root / "catalog.sqlite3")
            self.keywords.mark_filled()

    def _cleanup_incomplete(self) -> None:
        for record in self.catalog.reports(status="writing"):
            self.vectors.delete_report(record.report_id)
            self.keywords.write(delete_reports=[record.report_id])
            self.catalog.delete_report(record.report_id)

    def close(self) -> None:
        self.catalog.close()
        self.keywords.close()

    def ingest(self, doc: Document) -> IngestOutcome:
        outcome = self.ingest_many([doc])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _unchanged(self, doc: Document) -> IngestOutcome | None:
        """The outcome for content already ingested (possibly under another path), else None."""
        source = str(doc.source)
        existing = self.catalog.report(doc.report_id)
        if existing is None or existing.status != "complete" or existing.parser_version != doc.parser_version:
            return None  # new, half-written, or parsed by an older parser: (re)ingest it
        previous = self.catalog.report_for_source(source)
        self.catalog.set_source(source, doc.report_id)
        stale = previous if previous not in (None, doc.report_id) else None
        if stale:
            self._drop_if_orphaned(stale)
        return IngestOutcome("unchanged" if not stale else "replaced", doc.report_id, existing.page_count,
                             existing.chunk_count, replaced_report_id=stale)

    def ingest_many(self, docs: list[Document]) -> list[IngestOutcome | Exception]:
        """Ingest a batch: one embedding call and one vector write for all new documents (the
        per-call overhead of both dominates for small files), then each document's catalog rows in
        its own transaction. Returns an outcome, or the exception, per document, in order."""
        results: list[IngestOutcome | Exception | None] = [self._unchanged(d) for d in docs]
        todo = [i for i, r in enumerate(results) if r is None]
        seen: set[str] = set()
        for i in list(todo):  # the same content twice in one batch: the second is a plain repeat
            if docs[i].report_id in seen:
                todo.remove(i)
            seen.add(docs[i].report_id)
        planned = {i: chunk_pages(docs[i].report_id, [(p.number, p.text) for p in docs[i].pages], self.chunk_chars,
                                  [p.boilerplate_from for p in docs[i].pages])
                   for i in todo}
        try:
            embeddings = self.vectors.embed_documents([c.text for i in todo for c in planned[i]])
        except Exception:
            if len(todo) == 1:
                raise
            # One bad document must not sink the batch: retry one by one to isolate it.
            for i in todo:
                try:
                    results[i] = self.ingest(docs[i])
                except Exception as exc:
                    results[i] = exc
            return [r if r is not None else self._unchanged(d) for r, d in zip(results, docs)]
        offset = 0
        ids, vectors, texts, metas, keyword_docs, retried = [], [], [], [], [], []
        tokens = {i: [" ".join(tokenize(c.text)) for c in planned[i]] for i in todo}
        for i in todo:
            doc, chunks = docs[i], planned[i]
            if self.catalog.report(doc.report_id) is not None:  # a half-written earlier attempt
                self.vectors.delete_report(doc.report_id)
                retried.append(doc.report_id)
            self.catalog.begin_report(ReportRecord(doc.report_id, str(doc.source), doc.kind, doc.title, doc.broker,
                                                   doc.date, doc.page_count, len(chunks), tuple(doc.tickers), "writing",
                                                   doc.parser_version, doc.metadata.to_json()))
            ids += [c.id for c in chunks]
            vectors += embeddings[offset: offset + len(chunks)]
            texts += [c.text for c in chunks]
            metas += [_chunk_metadata(doc, c.page, c.boilerplate) for c in chunks]
            keyword_docs += [KeywordDoc(c.id, doc.report_id, t, doc.broker, doc.date, tuple(doc.tickers), c.boilerplate)
                             for c, t in zip(chunks, tokens[i])]
            offset += len(chunks)
        self.vectors.add(ids, vectors, texts, metas)
        self.keywords.write(keyword_docs, delete_reports=retried)
        for i in todo:
            try:
                results[i] = self._complete(docs[i], planned[i], tokens[i])
            except Exception as exc:  # stays 'writing' (invisible) and is cleaned up on the next open
                results[i] = exc
        return [r if r is not None else self._unchanged(d) for r, d in zip(results, docs)]

    def _complete(self, doc: Document, chunks, tokens: list[str]) -> IngestOutcome:
        source = str(doc.source)
        previous = self.catalog.report_for_source(source)
        pages = [(p.number, p.text) for p in doc.pages]
        rows = [(c.id, c.page, c.index, c.text, t, c.boilerplate) for c, t in zip(chunks, tokens)]
        self.catalog.complete_report(doc.report_id, pages, rows, doc.tickers)
        self.catalog.set_source(source, doc.report_id)
        if previous and previous != doc.report_id:
            self._drop_if_orphaned(previous)
            return IngestOutcome("replaced", doc.report_id, doc.page_count, len(chunks), replaced_report_id=previous)
        return IngestOutcome("ingested", doc.report_id, doc.page_count, len(chunks))

    def _drop_if_orphaned(self, report_id: str) -> None:
        if not self.catalog.sources_of(report_id):
            self.remove(report_id)

    def remove(self, report_id: str) -> None:
        self.vectors.delete_report(report_id)
        self.keywords.write(delete_reports=[report_id])
        self.catalog.delete_report(report_id)

    # -- reading ---------------------------------------------------------------------
    def reports(self) -> list[ReportRecord]:
        return self.catalog.reports()

    def stale_sources(self, parser_version: str) -> list[str]:
        """Source paths of complete reports parsed by another parser version (re-ingest to re-parse)."""
        return [path for r in self.catalog.reports() if r.parser_version != parser_version
                for path in self.catalog.sources_of(r.report_id)]

    def report(self, report_id: str) -> ReportRecord | None:
        record = self.catalog.report(report_id)
        return record if record is not None and record.status == "complete" else None

    def page_text(self, report_id: str, page: int) -> str | None:
        return self.catalog.page_text(report_id, page)

    def pages(self, report_id: str) -> list[tuple[int, str]]:
        return self.catalog.pages(report_id)

    def chunks(self, chunk_ids) -> dict[str, ChunkRecord]:
        return self.catalog.chunks(list(chunk_ids))
