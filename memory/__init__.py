"""The report library and chat memory: what agents read and remember.

report_library.py  ingest documents into the catalog and the vector index, consistently; read them back
catalog.py         reports, pages, chunks and the BM25 keyword index (SQLite + FTS5)
vector_index.py    chunk vectors (chromadb, embedded or a Chroma server)
embeddings.py      offline embedding models and OpenAI-compatible endpoints (imports chromadb: lazily)
chunking.py        pages → sentence-aligned chunks
filters.py         search filters (broker, ticker, report, dates) for both indexes
search.py          hybrid search: BM25 + vectors fused by reciprocal rank
threads.py         chat threads: LangGraph checkpointer and store, thread titles
"""

from typing import Literal

EmbeddingKind = Literal["use", "e5", "openai"]  # here, not in embeddings.py: naming one must not import chromadb
