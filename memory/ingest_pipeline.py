"""Ingest with each batch embedded while the one before it is written (issue 15, goal 4).

`ReportLibrary.ingest_many` embeds a batch, then writes it: vectors and keyword documents (chromadb,
tantivy, each with its own syncs to disk), then the catalog rows that make each report visible. Run one
batch after another, the model waits for every write. `ingest_stream` lets the writes run in a writer
thread while this thread chunks and embeds the next batches (numpy, chromadb's and tantivy's native code
and SQLite all let go of the GIL for most of their run, so on two cores the two overlap); embedded
batches are written a few at a time, since each write has a fixed cost (WRITE_MIN_CHUNKS).

What is written, and in what order, does not change: the writer runs `ingest_many` for one group of
batches at a time, in order, so leases, near-duplicate checks, vector writes and the catalog transaction that makes
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


# Embedded documents wait for the writer until they hold this many chunks (or the input ends): each write
# (ingest_many: chromadb upsert, tantivy commit, catalog transactions, each syncing to disk) has a fixed
# cost, measured on the sample PDFs at ~0.055 CPU s and ~0.15 s of syncs (10 files written one by one:
# 0.65-0.70 CPU s; as one write: 0.14-0.19), against ~15 ms CPU of embedding per chunk: written 32 chunks
# at a time, a write costs at most about a tenth of the embedding before it. Embedding is not held back:
# each batch is embedded as soon as it is parsed.
WRITE_MIN_CHUNKS = 32
# At most this many documents wait (one `touyan ingest` batch, INGEST_BATCH): then the reader waits for
# the writer, so a slow store holds back the embedding instead of memory filling up.
MAX_QUEUED_DOCS = 32


def _key(doc: Document) -> tuple[str, str]:
    return doc.report_id, str(doc.source)


class PreparedChunks:
    """Chunks, vectors and keyword tokens of documents embedded before their batch is written."""

    def __init__(self) -> None:
        self._ready: dict[tuple[str, str], tuple[list, list, list[str]]] = {}  # dict ops are atomic: two threads

    def prepare(self, vectors, docs: list[Document], chunk_chars: int) -> int:
        """Embed `docs` now (in one model call, tokens made beside it); returns how many chunks. A failure
        keeps nothing: the writer embeds them again and, if one is bad, isolates it and says why
        (ReportLibrary._write)."""
        if not docs:
            return 0
        chunks = [chunk_document(doc, chunk_chars) for doc in docs]
        try:
            batch = embed_batch(vectors, docs, chunks)
        except Exception:  # noqa: BLE001 - reported by the writer's own attempt, file by file
            return 0
        start = 0
        for doc, doc_chunks, tokens in zip(docs, chunks, batch.tokens):
            self._ready[_key(doc)] = (doc_chunks, batch.embeddings[start:start + len(doc_chunks)], tokens)
            start += len(doc_chunks)
        return start

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
    """(documents, outcome or exception per document) for each write, in order; batches are read and
    embedded while the ones before them are written, with `helper` (memory/embed_helper.py) embedding part
    of each call when given, and written a few at a time (WRITE_MIN_CHUNKS). Leaving early (an exception, Ctrl-C) still waits for the batch being written,
    which ends written or failed like any `ingest_many` call."""
    library.vectors.embed_helper = helper
    try:
        yield from _stream(library, batches)
    finally:
        library.vectors.embed_helper = None


def _stream(library, batches: Iterable[list[Document]]) -> Iterator[tuple[list[Document], list]]:
    with ThreadPoolExecutor(1, thread_name_prefix="ingest-writer") as writer:
        writing: tuple[list[Document], Future] | None = None
        queued: tuple[list[Document], list] = [], []  # embedded, not yet handed to the writer: docs, known
        chunks = 0  # embedded in the queued documents
        for docs in batches:
            # Not those the catalog already holds complete from this file (`--reread`): nothing to embed.
            # Asked once: the writer's first pass takes these answers (ReportLibrary.ingest_many).
            known = [_known(library, doc) for doc in docs]
            chunks += library.prepared.prepare(library.vectors, [d for d, k in zip(docs, known) if k is None],
                                               library.chunk_chars)
            queued[0].extend(docs)
            queued[1].extend(known)
            full = len(queued[0]) >= MAX_QUEUED_DOCS
            if writing is not None and (full or writing[1].done()):
                yield writing[0], _outcomes(*writing)
                writing = None
            if writing is None and (full or chunks >= WRITE_MIN_CHUNKS):
                writing, queued, chunks = (queued[0], writer.submit(library.ingest_many, *queued)), ([], []), 0
        if writing is not None:
            yield writing[0], _outcomes(*writing)
        if queued[0]:
            yield queued[0], _outcomes(queued[0], writer.submit(library.ingest_many, *queued))
