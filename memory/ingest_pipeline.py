"""Ingest with each batch embedded while the one before it is written (issue 15, goal 4).

`ReportLibrary.ingest_many` embeds a batch, then writes it: vectors and keyword documents (chromadb,
tantivy, each with its own syncs to disk), then the catalog rows that make each report visible. Run one
batch after another, the model waits for every write. `ingest_stream` lets the writes of batch k run in
a writer thread while this thread chunks and embeds batch k+1 (numpy, chromadb's and tantivy's native
code and SQLite all let go of the GIL for most of their run, so on two cores the two overlap).

What is written, and in what order, does not change: the writer runs `ingest_many` for one batch at a
time, in order, so leases, near-duplicate checks, vector writes and the catalog transaction that makes
a report complete happen exactly as in a plain loop over the batches. Only the embedding moves ahead of
the lease (PreparedChunks): `ingest_many` takes a document's vectors from there when its chunks are the
ones it planned, else embeds them itself. A document embedded ahead that turns out unchanged, a copy,
or leased by another process costs that embedding and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from memory.chunk_writes import EmbeddedBatch, embed_batch
from memory.chunking import chunk_document
from tools.documents import Document


def _key(doc: Document) -> tuple[str, str]:
    return doc.report_id, str(doc.source)


class PreparedChunks:
    """Chunks, vectors and keyword tokens of documents embedded before their batch is written."""

    def __init__(self) -> None:
        self._ready: dict[tuple[str, str], tuple[list, list, list[str]]] = {}  # dict ops are atomic: two threads

    def prepare(self, vectors, docs: list[Document], chunk_chars: int) -> None:
        """Embed `docs` now (in one model call, tokens made beside it). A failure keeps nothing: the
        writer embeds them again and, if one is bad, isolates it and says why (ReportLibrary._write)."""
        if not docs:
            return
        chunks = [chunk_document(doc, chunk_chars) for doc in docs]
        try:
            batch = embed_batch(vectors, docs, chunks)
        except Exception:  # noqa: BLE001 - reported by the writer's own attempt, file by file
            return
        start = 0
        for doc, doc_chunks, tokens in zip(docs, chunks, batch.tokens):
            self._ready[_key(doc)] = (doc_chunks, batch.embeddings[start:start + len(doc_chunks)], tokens)
            start += len(doc_chunks)

    def take(self, docs: list[Document], chunks: list[list]) -> EmbeddedBatch | None:
        """The batch embedded ahead, when every document of it was, with the very chunks planned now."""
        found = [self._ready.pop(_key(doc), None) for doc in docs]
        if any(f is None or f[0] != c for f, c in zip(found, chunks)):
            return None
        return EmbeddedBatch(docs, chunks, [v for f in found for v in f[1]], [f[2] for f in found])

    def discard(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            self._ready.pop(_key(doc), None)


def _known(library, doc: Document):
    """`library.known(doc)`, or what it raised: the writer's pass fails that document alone with it."""
    try:
        return library.known(doc)
    except Exception as exc:  # noqa: BLE001 - handed to ingest_many, which reports it for this file
        return exc


def _outcomes(docs: list[Document], written: Future) -> list:
    try:
        return written.result()
    except Exception as exc:  # the store failed for the whole batch: each of its files says so
        return [exc] * len(docs)


def ingest_stream(library, batches: Iterable[list[Document]], helper=None) -> Iterator[tuple[list[Document], list]]:
    """(documents, outcome or exception per document) for each batch, in order; batch k+1 is read and
    embedded while batch k is written, with `helper` (memory/embed_helper.py) embedding part of each
    call when given. Leaving early (an exception, Ctrl-C) still waits for the batch being written,
    which ends written or failed like any `ingest_many` call."""
    library.vectors.embed_helper = helper
    try:
        yield from _stream(library, batches)
    finally:
        library.vectors.embed_helper = None


def _stream(library, batches: Iterable[list[Document]]) -> Iterator[tuple[list[Document], list]]:
    with ThreadPoolExecutor(1, thread_name_prefix="ingest-writer") as writer:
        writing: tuple[list[Document], Future] | None = None
        for docs in batches:
            # Not those the catalog already holds complete from this file (`--reread`): nothing to embed.
            # Asked once: the writer's first pass takes these answers (ReportLibrary.ingest_many).
            known = [_known(library, doc) for doc in docs]
            library.prepared.prepare(library.vectors, [d for d, k in zip(docs, known) if k is None], library.chunk_chars)
            if writing is not None:
                yield writing[0], _outcomes(*writing)
            writing = docs, writer.submit(library.ingest_many, docs, known)
        if writing is not None:
            yield writing[0], _outcomes(*writing)
