"""One batch of leased reports into the chunk indexes: embed, tokenize, write vectors and keywords.

Ingest's critical path is the embedding model (issue 15, goal 4); two pieces of a batch run beside it in
one helper thread:
- jieba tokenizes the chunks for the keyword index while the model embeds them. Measured against doing it
  in series: 0.93× and 1.06× (no consistent gain) — the USE forward pass holds the GIL for most of its
  run, so pure-Python work beside it is not hidden (moving it out of the process would be);
- tantivy commits the keyword documents (Rust, without the GIL) while chromadb upserts the vectors.
Both writes happen inside one write session of the vector store (an exclusive lock across processes,
memory/vector_store.py), so the order of ingest (memory/report_library.py) is unchanged: both indexes
are written before the catalog transaction that makes a report visible, and a failure of either
fails the whole batch before that.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Sequence

from memory.chunk_indexes import keyword_docs
from memory.ingest_rows import chunk_metadata
from tools.documents import Document
from tools.text import tokenize


@dataclass
class EmbeddedBatch:
    docs: list[Document]
    chunks: list[list]  # per document, its memory.chunking.Chunk list
    embeddings: list
    tokens: list[list[str]]  # per document, per chunk: its search tokens joined by spaces


def _tokens(chunks: list[list]) -> list[list[str]]:
    return [[" ".join(tokenize(c.text)) for c in doc_chunks] for doc_chunks in chunks]


def embed_batch(vectors, docs: list[Document], chunks: list[list]) -> EmbeddedBatch:
    """Every chunk embedded, and tokenized for the keyword index at the same time (in a thread)."""
    with ThreadPoolExecutor(1, thread_name_prefix="tokenize") as helper:
        tokens = helper.submit(_tokens, chunks)
        embeddings = vectors.embed_documents([c.text for doc_chunks in chunks for c in doc_chunks])
        return EmbeddedBatch(docs, chunks, embeddings, tokens.result())


def write_batch(vectors, batch: EmbeddedBatch, reclaimed: Sequence[str] = ()) -> None:
    """Vectors and keyword documents of the batch, in one write session: `reclaimed` reports (what an
    earlier attempt left behind) are deleted from both first; then tantivy's commit runs in a thread
    while chromadb upserts."""
    ids, metas, keywords = [], [], []
    for doc, chunks, tokens in zip(batch.docs, batch.chunks, batch.tokens):
        ids += [c.id for c in chunks]
        metas += [chunk_metadata(doc, c.page, c.boilerplate) for c in chunks]
        keywords += keyword_docs(doc.report_id, doc.broker, doc.date, doc.tickers, chunks, tokens)
    with vectors.session(write=True), ThreadPoolExecutor(1, thread_name_prefix="keywords") as helper:
        for report_id in reclaimed:
            vectors.delete_report(report_id)
        # The session is held here, by this thread, until both writes are done: the helper writes to
        # tantivy directly (a session of its own would wait for this one).
        committing = threading.Event()
        keyword_write = helper.submit(_keywords_then_set, vectors.keywords, keywords, committing)
        # chromadb's upsert holds the GIL for its whole run (~20-30 ms on the sample PDFs' batches, its
        # syncs included); tantivy's commit lets go of it. Started first, the commit runs beside the
        # upsert; started after, it had to wait for the upsert to return (the helper needs the GIL to
        # even open its writer), and the two ran one after the other.
        committing.wait()
        try:
            vectors.add(ids, batch.embeddings, metas)
        finally:
            keyword_write.result()


def _keywords_then_set(keywords, docs: list, committing: threading.Event) -> None:
    """Write `docs` to the keyword index; `committing` is set once its commit starts, or it ended."""
    try:
        keywords.write(docs, committing=committing.set)
    finally:
        committing.set()
