"""Ingest throughput (pages/s) on the sample PDFs: our pipeline against the plain LangChain one.

    python -m benchmarks.ingest_throughput [--runs 5] [--embedding use]
    python -m benchmarks.ingest_throughput --once ours|langchain   # one ingest, for an outside timer

Ours: `tools.documents.load_document` + `ReportLibrary.ingest` into a fresh data dir. LangChain:
`PyPDFLoader` + `RecursiveCharacterTextSplitter(1000, 200)` + `Chroma.from_documents` into a fresh
persist dir. Both embed with the same model object, loaded (and jieba's dictionary with it) before
anything is timed. PDFs only, since PyPDFLoader reads nothing else. Runs alternate ours/LangChain
after one untimed warm-up pair; the speedup is LangChain's time over ours, taken pair by pair.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "data" / "samples" / "reports"
PHASES = ("open", "parse", "chunk", "embed", "chroma", "tokenize", "sqlite")


def sample_pdfs() -> list[Path]:
    return sorted(REPORTS.glob("*.pdf"))


@dataclass
class IngestRun:
    seconds: float
    cpu_seconds: float  # this process's CPU time, all threads: steadier than wall time on a busy machine
    pages: int
    chunks: int
    chars: int  # characters embedded (overlaps counted each time they are embedded)
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


class _Stopwatch:
    """Accumulates the time spent inside wrapped callables, per phase name, and what was embedded."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.chunks = self.chars = 0

    def wrap_embed(self, fn):
        def counted(texts):
            self.chunks += len(texts)
            self.chars += sum(map(len, texts))
            return fn(texts)
        return self.wrap("embed", counted)

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.totals[name] = self.totals.get(name, 0.0) + time.perf_counter() - started
        return timed


@contextmanager
def _instrumented_library_module(watch: _Stopwatch):
    """Time the chunking and FTS-token steps inside ReportLibrary.ingest (module globals it calls)."""
    import memory.report_library as module

    saved = module.chunk_pages, module.tokenize
    module.chunk_pages = watch.wrap("chunk", module.chunk_pages)
    module.tokenize = watch.wrap("tokenize", module.tokenize)
    try:
        yield
    finally:
        module.chunk_pages, module.tokenize = saved


def _release_chroma_clients() -> None:
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # each run's client holds its tmp dir open


def ingest_ours(paths: list[Path], embedding_function, root: Path) -> IngestRun:
    """Our pipeline into a fresh data dir; every phase is timed directly except sqlite (the rest of ingest)."""
    import tools.text
    from memory.report_library import ReportLibrary
    from tools.documents import load_document

    # jieba's per-text cache would let every run after the first skip tokenizing: start each run cold.
    getattr(getattr(tools.text, "_cut", None), "cache_clear", lambda: None)()
    watch = _Stopwatch()
    pages = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    with _instrumented_library_module(watch):
        library = watch.wrap("open", ReportLibrary)(root, embedding_function)
        library.vectors.embed_documents = watch.wrap_embed(library.vectors.embed_documents)
        library.vectors.add = watch.wrap("chroma", library.vectors.add)
        library.vectors.delete_report = watch.wrap("chroma", library.vectors.delete_report)
        try:
            for path in paths:
                doc = watch.wrap("parse", load_document)(path)
                watch.wrap("ingest", library.ingest)(doc)
                pages += doc.page_count
        finally:
            watch.wrap("open", library.close)()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    phases = {name: watch.totals.get(name, 0.0) for name in PHASES[:-1]}
    phases["sqlite"] = watch.totals["ingest"] - sum(phases[p] for p in ("chunk", "embed", "chroma", "tokenize"))
    return IngestRun(seconds, cpu, pages, watch.chunks, watch.chars, phases)


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


@dataclass
class Comparison:
    embedding: str
    files: int
    ours: list[IngestRun]
    langchain: list[IngestRun]

    def speedups(self, measure: str = "seconds") -> list[float]:
        """LangChain's time over ours, pair by pair; measure is "seconds" (wall) or "cpu_seconds"."""
        return [getattr(b, measure) / getattr(a, measure) for a, b in zip(self.ours, self.langchain)]


def load_model(kind: str):
    """The embedding function with its model and jieba's dictionary loaded: nothing of that is timed."""
    from memory.embeddings import local_model, make_embedding_function
    from tools.text import warm_up

    local_model(kind)
    warm_up()
    return make_embedding_function(kind)


def compare(kind: str = "use", runs: int = 7) -> Comparison:
    paths = sample_pdfs()
    ef = load_model(kind)
    embeddings = langchain_embeddings(ef)
    ours, theirs = [], []
    for i in range(runs + 1):  # run 0 is the untimed warm-up pair (imports, pypdf caches)
        with tempfile.TemporaryDirectory(prefix="bench-ours-") as a:
            run_a = ingest_ours(paths, ef, Path(a))
        _release_chroma_clients()
        with tempfile.TemporaryDirectory(prefix="bench-lc-") as b:
            run_b = ingest_langchain(paths, embeddings, Path(b))
        _release_chroma_clients()
        label = "warm-up" if i == 0 else f"run {i}/{runs}"
        print(f"[ingest] {label}: ours {run_a.seconds:.2f} s, langchain {run_b.seconds:.2f} s", file=sys.stderr)
        if i:
            ours.append(run_a)
            theirs.append(run_b)
    return Comparison(kind, len(paths), ours, theirs)


_median = statistics.median


def _pairs(values: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in values)


def to_markdown(c: Comparison) -> str:
    lines = [
        "## Ingest throughput (sample PDFs)",
        "",
        f"{c.files} PDFs, {c.ours[0].pages} pages (the TXT/MD/HTML samples are left out: PyPDFLoader reads PDFs "
        f"only). Embedding `{c.embedding}` for both, model and jieba loaded before timing; {len(c.ours)} "
        "alternating pairs (ours, LangChain) after one untimed warm-up pair; medians. Speedup = LangChain time / "
        "our time, pair by pair (>1: ours is faster). CPU = the process's CPU seconds, all threads.",
        "",
        "| pipeline | wall s (median) | wall min–max | pages/s (median) | CPU s (median) | chunks | chars embedded |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, runs in (("ours (load_document + ReportLibrary.ingest)", c.ours),
                       ("LangChain (PyPDFLoader + RecursiveCharacterTextSplitter + Chroma)", c.langchain)):
        wall = [r.seconds for r in runs]
        lines.append(f"| {name} | {_median(wall):.2f} | {min(wall):.2f}–{max(wall):.2f} | "
                     f"{_median([r.pages_per_s for r in runs]):.2f} | {_median([r.cpu_seconds for r in runs]):.2f} | "
                     f"{runs[0].chunks} | {runs[0].chars} |")
    lines += [
        "",
        f"**Speedup, wall: {_median(c.speedups()):.2f}x** (pairs: {_pairs(c.speedups())}); **CPU: "
        f"{_median(c.speedups('cpu_seconds')):.2f}x** (pairs: {_pairs(c.speedups('cpu_seconds'))}). Target: ≥ 2x.",
        "",
        "Where the time goes (median wall seconds per ingest of all the PDFs):",
        "",
        "| phase | ours s | ours % of total | LangChain s |",
        "|---|---:|---:|---:|",
    ]
    total = _median([r.seconds for r in c.ours])
    for phase in PHASES:
        ours_s = _median([r.phases[phase] for r in c.ours])
        theirs = [r.phases[phase] for r in c.langchain if phase in r.phases]
        theirs_cell = f"{_median(theirs):.3f}" if theirs else "—"
        lines.append(f"| {phase} | {ours_s:.3f} | {100 * ours_s / total:.0f}% | {theirs_cell} |")
    lines += ["", "open = ReportLibrary open + close; parse = load_document / PyPDFLoader; chroma = vector delete + "
                  "upsert (ours) or Chroma.from_documents minus embedding (LangChain); tokenize = jieba tokens for "
                  "the BM25 index; sqlite = the rest of ReportLibrary.ingest (catalog, FTS rows, commit).", ""]
    return "\n".join(lines)


def _once(side: str, kind: str) -> None:
    ef = load_model(kind)
    with tempfile.TemporaryDirectory(prefix=f"bench-{side}-") as root:
        if side == "ours":
            run = ingest_ours(sample_pdfs(), ef, Path(root))
        else:
            run = ingest_langchain(sample_pdfs(), langchain_embeddings(ef), Path(root))
    print(f"{side}: {run.pages} pages in {run.seconds:.2f} s ({run.pages_per_s:.2f} pages/s), {run.chunks} chunks")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed pairs (default 7)")
    parser.add_argument("--embedding", default="use", choices=("use", "e5"))
    parser.add_argument("--once", choices=("ours", "langchain"), help="one ingest in this process, then exit")
    args = parser.parse_args(argv)
    if args.once:
        _once(args.once, args.embedding)
        return
    print(to_markdown(compare(args.embedding, max(1, args.runs))))


if __name__ == "__main__":
    main()
