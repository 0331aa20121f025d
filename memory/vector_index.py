"""The chromadb side of the report library: one collection of chunk vectors.

Cosine HNSW with a high ef_search: the default ef_search=10 gave recall@10 of 0.32 in
a probe here; 100 gave 1.0 on clustered data at ~1.4 ms/query. Every call runs in a session of
the store (memory/vector_store.py), so writes from other processes are seen and never overwritten.
"""

from __future__ import annotations

import contextlib
import copy
from typing import Any, Iterator, Sequence

from memory.filters import SearchFilters
from memory.vector_store import LocalStore, RemoteStore

HNSW_CONFIG = {"hnsw": {"space": "cosine", "ef_search": 100, "ef_construction": 200, "max_neighbors": 32}}
# chromadb rejects larger add() batches (max_batch_size was 5461 in a probe).
ADD_BATCH = 2000
# Ids read per get() when looking for vectors no catalog row accounts for.
SCAN_BATCH = 5000


class VectorIndex:
    def __init__(self, store: LocalStore | RemoteStore, embedding_function, name: str = "reports"):
        self._store = store
        self._ef = embedding_function
        self._name = name
        self._cached: tuple[int, Any] | None = None
        with self.session(write=False):  # create the collection now: a bad configuration fails at open
            pass

    @contextlib.contextmanager
    def session(self, *, write: bool) -> Iterator[Any]:
        """The collection, exclusively and up to date; several calls may share one session."""
        with self._store.session(write=write) as handle:
            if self._cached is None or self._cached[0] != handle.epoch:
                collection = handle.client.get_or_create_collection(
                    # A copy: chromadb writes the embedding function into the dict it is given, which would
                    # leak into the next collection opened in this process.
                    name=self._name, embedding_function=self._ef, configuration=copy.deepcopy(HNSW_CONFIG),
                    metadata={"touyan": "report chunks"},
                )
                self._cached = (handle.epoch, collection)
            yield self._cached[1]

    @property
    def reopens(self) -> int:
        return self._store.reopens

    def close(self) -> None:
        self._cached = None
        self._store.release()

    # memory/embed_helper.py: a second process with the model, set for the length of an ingest
    embed_helper = None

    def embed_documents(self, texts: Sequence[str]) -> list:
        if not texts:
            return []
        helper = self.embed_helper
        return list(helper.embed(list(texts), self._ef) if helper is not None else self._ef(list(texts)))

    def embed_query(self, text: str):
        embed = getattr(self._ef, "embed_query", None)
        return (embed([text]) if embed else self._ef([text]))[0]

    def add(self, ids: Sequence[str], embeddings: Sequence, metadatas: Sequence[dict[str, Any]]) -> None:
        """Vectors and their filter metadata, without the chunk texts: search reads those from the catalog
        (memory/catalog.py), and chromadb would keep a second copy with a full-text index of its own,
        never queried here: 0.061 s wall / 0.050 CPU s against 0.026 / 0.021 for the 99 chunks of the
        sample PDFs (one upsert, median of 8)."""
        with self.session(write=True) as collection:
            for start in range(0, len(ids), ADD_BATCH):
                end = start + ADD_BATCH
                collection.upsert(ids=list(ids[start:end]), embeddings=list(embeddings[start:end]),
                                  metadatas=list(metadatas[start:end]))

    def delete_report(self, report_id: str) -> None:
        with self.session(write=True) as collection:
            collection.delete(where={"report_id": report_id})

    def count(self) -> int:
        with self.session(write=False) as collection:
            return collection.count()

    def report_ids(self) -> set[str]:
        """The report of every stored vector (chunk ids are `report_id:page:index`). Call inside a session
        when the answer must stay true until the caller acts on it."""
        found: set[str] = set()
        with self.session(write=False) as collection:
            for offset in range(0, collection.count(), SCAN_BATCH):
                found.update(i.split(":", 1)[0] for i in collection.get(include=[], limit=SCAN_BATCH, offset=offset)["ids"])
        return found

    def delete_ids_of(self, report_ids: set[str]) -> None:
        with self.session(write=True) as collection:
            for report_id in sorted(report_ids):
                collection.delete(where={"report_id": report_id})

    def search(self, query_embedding, k: int, filters: SearchFilters | None) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first; `filters` None searches every stored vector. A filter
        makes chromadb walk its SQLite metadata before the HNSW search: 0.1–1 s per query at 100k chunks
        against ~5 ms without (benchmarks/query_latency.py), so broad filters are applied after the search
        (memory/vector_candidates.py)."""
        with self.session(write=False) as collection:  # no count() first: it cost more than the query
            # (12 ms at 100k chunks); chromadb 1.5 returns what it has when asked for more, or none.
            result = collection.query(query_embeddings=[query_embedding], n_results=k,
                                      where=filters.chroma_where() if filters else None,
                                      include=["distances"])
        ids, distances = result["ids"][0], result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]

    def similarities(self, query_embedding, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of the query to each stored chunk (ids not stored are absent)."""
        import numpy as np

        if not ids:
            return {}
        with self.session(write=False) as collection:
            got = collection.get(ids=list(ids), include=["embeddings"])
        if not len(got["ids"]):
            return {}
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        query = np.asarray(query_embedding, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(query) or 1.0)
        scores = matrix @ query / np.where(norms > 0, norms, 1.0)
        return {i: float(s) for i, s in zip(got["ids"], scores)}

    @property
    def embedding_name(self) -> str:
        """The embedding function's registered name (touyan-use, touyan-e5, touyan-openai-compatible)."""
        name = getattr(self._ef, "name", None)
        return name() if callable(name) else type(self._ef).__name__
