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
PHASES = ("open", "parse", "chunk", "embed", "tokenize", "write")


def sample_pdfs() -> list[Path]:
    return sorted(REPORTS.glob("*.pdf"))


@dataclass
class IngestRun:
    seconds: float
    pages: int
    chunks: int
    chars: int  # characters embedded (overlaps counted each time they are embedded)
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


class _Stopwatch:
    """Accumulates the time spent inside wrapped callables, per phase name."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}

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
    """Our pipeline into a fresh data dir; phases: open/parse/chunk/embed/tokenize, the rest is write."""
    from memory.report_library import ReportLibrary
    from tools.documents import load_document

    watch = _Stopwatch()
    embedded: list[int] = [0, 0]  # chunks, chars
    pages = 0
    started = time.perf_counter()
    with _instrumented_library_module(watch):
        library = watch.wrap("open", ReportLibrary)(root, embedding_function)
        embed = library.vectors.embed_documents

        def counted_embed(texts):
            embedded[0] += len(texts)
            embedded[1] += sum(map(len, texts))
            return embed(texts)

        library.vectors.embed_documents = watch.wrap("embed", counted_embed)
        try:
            for path in paths:
                doc = watch.wrap("parse", load_document)(path)
                watch.wrap("ingest", library.ingest)(doc)
                pages += doc.page_count
        finally:
            watch.wrap("open", library.close)()
    seconds = time.perf_counter() - started
    phases = {name: watch.totals.get(name, 0.0) for name in PHASES[:-1]}
    phases["write"] = watch.totals["ingest"] - phases["chunk"] - phases["embed"] - phases["tokenize"]
    return IngestRun(seconds, pages, embedded[0], embedded[1], phases)


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
    """The plain LangChain pipeline into a fresh persist dir; phases: parse/chunk/embed, the rest is write."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community announces its own sunset on import
        from langchain_community.document_loaders import PyPDFLoader
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    watch = _Stopwatch()
    embedded: list[int] = [0, 0]
    documents_embedder = embeddings.embed_documents

    def counted_embed(texts):
        embedded[0] += len(texts)
        embedded[1] += sum(map(len, texts))
        return documents_embedder(texts)

    embeddings.embed_documents = watch.wrap("embed", counted_embed)
    try:
        started = time.perf_counter()
        pages = [page for path in paths for page in watch.wrap("parse", PyPDFLoader(str(path)).load)()]
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = watch.wrap("chunk", splitter.split_documents)(pages)
        watch.wrap("store", Chroma.from_documents)(chunks, embeddings, persist_directory=str(root))
        seconds = time.perf_counter() - started
    finally:
        del embeddings.embed_documents
    phases = {"parse": watch.totals["parse"], "chunk": watch.totals["chunk"], "embed": watch.totals["embed"],
              "write": watch.totals["store"] - watch.totals["embed"]}
    return IngestRun(seconds, len(pages), embedded[0], embedded[1], phases)


@dataclass
class Comparison:
    embedding: str
    files: int
    ours: list[IngestRun]
    langchain: list[IngestRun]

    @property
    def speedups(self) -> list[float]:
        return [b.seconds / a.seconds for a, b in zip(self.ours, self.langchain)]


def load_model(kind: str):
    """The embedding function with its model and jieba's dictionary loaded: nothing of that is timed."""
    from memory.embeddings import local_model, make_embedding_function
    from tools.text import warm_up

    local_model(kind)
    warm_up()
    return make_embedding_function(kind)


def compare(kind: str = "use", runs: int = 5) -> Comparison:
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


def _median(values) -> float:
    return statistics.median(values)


def to_markdown(c: Comparison) -> str:
    pages = c.ours[0].pages
    lines = [
        "## Ingest throughput (sample PDFs)",
        "",
        f"{c.files} PDFs, {pages} pages (the TXT/MD/HTML samples are left out: PyPDFLoader reads PDFs only). "
        f"Embedding `{c.embedding}` for both, loaded before timing; {len(c.ours)} alternating pairs after one "
        "untimed warm-up pair; medians. Speedup = LangChain seconds / our seconds, per pair (>1: ours is faster).",
        "",
        "| pipeline | median s | min–max s | pages/s (median) | chunks | chars embedded |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, runs in (("ours (load_document + ReportLibrary.ingest)", c.ours),
                       ("LangChain (PyPDFLoader + RecursiveCharacterTextSplitter + Chroma)", c.langchain)):
        secs = [r.seconds for r in runs]
        lines.append(f"| {name} | {_median(secs):.2f} | {min(secs):.2f}–{max(secs):.2f} | "
                     f"{_median([r.pages_per_s for r in runs]):.2f} | {runs[0].chunks} | {runs[0].chars} |")
    s = c.speedups
    lines += ["", f"**Speedup (ours vs LangChain): {_median(s):.2f}x** median (pairs: "
                  f"{', '.join(f'{x:.2f}' for x in s)}). Target: ≥ 2x.", "",
              "Where the time goes (median seconds per full ingest of the PDFs; share of the median total):", "",
              "| phase | ours s | ours % | LangChain s |", "|---|---:|---:|---:|"]
    total = _median([r.seconds for r in c.ours])
    for phase in PHASES:
        ours_s = _median([r.phases[phase] for r in c.ours])
        theirs = [r.phases[phase] for r in c.langchain if phase in r.phases]
        lines.append(f"| {phase} | {ours_s:.3f} | {100 * ours_s / total:.0f}% | "
                     f"{_median(theirs):.3f} |" if theirs else
                     f"| {phase} | {ours_s:.3f} | {100 * ours_s / total:.0f}% | — |")
    lines += ["", "open = ReportLibrary open/close; tokenize = jieba tokens for the BM25 index; write = chromadb "
                  "upsert/delete + SQLite (ours), Chroma.from_documents minus embedding (LangChain).", ""]
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
    parser.add_argument("--runs", type=int, default=5, help="timed pairs (default 5)")
    parser.add_argument("--embedding", default="use", choices=("use", "e5"))
    parser.add_argument("--once", choices=("ours", "langchain"), help="one ingest in this process, then exit")
    args = parser.parse_args(argv)
    if args.once:
        _once(args.once, args.embedding)
        return
    print(to_markdown(compare(args.embedding, max(1, args.runs))))


if __name__ == "__main__":
    main()
