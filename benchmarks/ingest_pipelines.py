"""The two ingest pipelines the throughput benchmark times, instrumented per phase.

Ours: `tools.documents.load_document` + `ReportLibrary.ingest` per file, or batched as `touyan ingest`
does it: `touyan.file_batch.read_batches` (files parsed ahead in a worker process, touyan/parse_pool.py,
when there are 8 or more on 2+ cores) and one `ReportLibrary.ingest_many` per batch it hands over. LangChain: `PyPDFLoader` +
`RecursiveCharacterTextSplitter(1000, 200)` + `langchain_chroma.Chroma.from_documents`, with its
defaults. Phases are timed by wrapping the calls each pipeline makes; the pipelines are not changed.
"""

from __future__ import annotations

import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PHASES = ("open", "parse", "chunk", "embed", "chroma", "tokenize", "sqlite")
WRITER = "ingest-writer"  # memory/ingest_pipeline.py's thread


@dataclass
class IngestRun:
    seconds: float
    cpu_seconds: float  # CPU time of this process (all threads) and of its parse workers
    pages: int
    chunks: int
    chars: int  # characters embedded (overlaps counted each time they are embedded)
    phases: dict[str, float] = field(default_factory=dict)
    worker_cpu_seconds: float = 0.0  # the parse workers' and embedding helper's part of cpu_seconds
    helper_cpu_seconds: float = 0.0  # the embedding helper's part of worker_cpu_seconds
    embedded: list[list[str]] = field(default_factory=list, repr=False)  # the texts of each embedding call

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


class _Stopwatch:
    """Accumulates the time spent inside wrapped callables, per phase name, and what was embedded."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.chunks = self.chars = 0
        self.texts: list[list[str]] = []  # what each embedding call embedded
        self.child_cpu = 0.0  # CPU seconds of the parse workers and the embedding helper

    def wrap_embed(self, fn):
        def counted(texts):
            self.chunks += len(texts)
            self.chars += sum(map(len, texts))
            self.texts.append(list(texts))
            return fn(texts)
        return self.wrap("embed", counted)

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started)
        return timed

    def add(self, name: str, seconds: float) -> None:
        """Also under "name@writer" when spent in memory/ingest_pipeline.py's writer thread."""
        names = [name, f"{name}@writer"] if threading.current_thread().name.startswith(WRITER) else [name]
        for key in names:
            self.totals[key] = self.totals.get(key, 0.0) + seconds

    def writer_share(self, name: str) -> float:
        return self.totals.get(f"{name}@writer", 0.0)


@contextmanager
def _instrumented_library_module(watch: _Stopwatch):
    """Time the chunking and keyword-token steps of ingest (module globals they call; the tokens are
    made in a helper thread while the chunks embed: memory/chunk_writes.py), and count the parse
    workers' CPU seconds (read from /proc just before their pool shuts down: they are the fork
    server's children, not this process's)."""
    import memory.chunk_writes as writes
    import memory.chunking as chunking
    import touyan.parse_pool as parse_pool

    saved = chunking.chunk_pages, writes.tokenize, parse_pool._pool
    chunking.chunk_pages = watch.wrap("chunk", chunking.chunk_pages)
    writes.tokenize = watch.wrap("tokenize", writes.tokenize)

    def counted_pool(workers: int):
        pool = saved[2](workers)
        shutdown = pool.shutdown

        def shutdown_counted(*args, **kwargs):
            watch.child_cpu += sum(_proc_cpu(pid) for pid in list(pool._processes or {}))
            return shutdown(*args, **kwargs)
        pool.shutdown = shutdown_counted
        return pool

    parse_pool._pool = counted_pool
    try:
        yield
    finally:
        chunking.chunk_pages, writes.tokenize, parse_pool._pool = saved


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a live process (0 when it is gone)."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def release_chroma_clients() -> None:
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # each run's client holds its tmp dir open


def _batches(paths: list[Path], watch: _Stopwatch):
    """`touyan ingest`'s batches, its parse workers started now (before the library opens, as there);
    parse = the time this process waits for the next batch."""
    from memory.report_library import INGEST_BATCH
    from tools.documents import FileLimits
    from touyan.file_batch import read_batches

    def fail(path: Path, reason: str) -> None:
        raise RuntimeError(f"{path.name}: {reason}")  # the sample PDFs all parse

    batches = read_batches(paths, FileLimits(), INGEST_BATCH, fail)

    def timed():
        try:
            while (docs := watch.wrap("parse", next)(batches, None)) is not None:
                yield docs
        finally:
            batches.close()
    return timed()


def ingest_ours(paths: list[Path], embedding_function, root: Path, batched: bool = False, helper=None) -> IngestRun:
    """Our pipeline into a fresh data dir: `ingest` per file, or batched as `touyan ingest` does it
    (parse pool, memory.ingest_pipeline.ingest_stream: one `ingest_many` per batch in a writer thread
    while the next batch embeds, part of each embedding call in `helper`'s process: memory/embed_helper.py).
    Every phase is timed directly except sqlite (the rest of ingest_many)."""
    import tools.text
    from memory.ingest_pipeline import ingest_stream
    from memory.report_library import ReportLibrary
    from tools.documents import load_document

    # jieba's per-text cache would let every run after the first skip tokenizing: start each run cold.
    getattr(getattr(tools.text, "_cut", None), "cache_clear", lambda: None)()
    watch = _Stopwatch()
    pages = 0
    helper_cpu = _proc_cpu(helper.pid) if helper is not None else 0.0
    started, cpu_started = time.perf_counter(), time.process_time()
    with _instrumented_library_module(watch):
        batches = _batches(paths, watch) if batched else iter(())
        library = watch.wrap("open", ReportLibrary)(root, embedding_function)
        library.vectors.embed_documents = watch.wrap_embed(library.vectors.embed_documents)
        library.vectors.add = watch.wrap("chroma", library.vectors.add)
        library.vectors.delete_report = watch.wrap("chroma", library.vectors.delete_report)
        try:
            if batched:  # (per file, `ingest` calls it: timed there)
                library.ingest_many = watch.wrap("ingest", library.ingest_many)
            for docs, outcomes in ingest_stream(library, batches, helper):
                if failed := [o for o in outcomes if isinstance(o, Exception)]:
                    raise failed[0]
                pages += sum(doc.page_count for doc in docs)
            for path in [] if batched else paths:
                doc = watch.wrap("parse", load_document)(path)
                watch.wrap("ingest", library.ingest)(doc)
                pages += doc.page_count
        finally:
            watch.wrap("open", library.close)()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    helper_cpu = _proc_cpu(helper.pid) - helper_cpu if helper is not None else 0.0
    watch.child_cpu += helper_cpu
    phases = {name: watch.totals.get(name, 0.0) for name in PHASES[:-1]}
    # Tokens are made in a helper thread beside the embedding (memory/chunk_writes.py): not part of the rest.
    # Batched, ingest_many runs in the writer thread: the rest is what it spent beyond chroma and any
    # chunking or embedding of its own (the batch's were done ahead, in this thread).
    inside = ("chunk", "embed") if not batched else ()
    phases["sqlite"] = (watch.totals["ingest"] - watch.totals.get("chroma", 0.0) - sum(phases[p] for p in inside)
                        - sum(watch.writer_share(p) for p in ("chunk", "embed") if batched))
    return IngestRun(seconds, cpu + watch.child_cpu, pages, watch.chunks, watch.chars, phases, embedded=watch.texts,
                     worker_cpu_seconds=watch.child_cpu, helper_cpu_seconds=helper_cpu)


def langchain_embeddings(embedding_function):
    """Our chromadb embedding function as a LangChain `Embeddings` (the same model object)."""
    from langchain_core.embeddings import Embeddings

    class ChromaFunctionEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [list(map(float, v)) for v in embedding_function(list(texts))]

        def embed_query(self, text: str) -> list[float]:
            return list(map(float, embedding_function.embed_query([text])[0]))

    return ChromaFunctionEmbeddings()


def ingest_langchain(paths: list[Path], embeddings, root: Path) -> IngestRun:
    """The plain LangChain pipeline into a fresh persist dir; chroma = Chroma.from_documents minus embedding."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community announces its own sunset on import
        from langchain_community.document_loaders import PyPDFLoader
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    watch = _Stopwatch()
    embeddings.embed_documents = watch.wrap_embed(embeddings.embed_documents)
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        pages = [page for path in paths for page in watch.wrap("parse", PyPDFLoader(str(path)).load)()]
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = watch.wrap("chunk", splitter.split_documents)(pages)
        watch.wrap("store", Chroma.from_documents)(chunks, embeddings, persist_directory=str(root))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        del embeddings.embed_documents
    phases = {"parse": watch.totals["parse"], "chunk": watch.totals["chunk"], "embed": watch.totals["embed"],
              "chroma": watch.totals["store"] - watch.totals["embed"]}
    return IngestRun(seconds, cpu, len(pages), watch.chunks, watch.chars, phases)
