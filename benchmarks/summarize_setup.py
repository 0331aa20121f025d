"""Shared set-up for the summarization benchmarks: library, LLM context, test server process,
machine description and results-file sections."""

from __future__ import annotations

import hashlib
import multiprocessing
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples" / "reports"


def machine_line() -> str:
    import os
    import platform
    from datetime import datetime, timezone
    from importlib import metadata

    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), platform.machine())
    versions = ", ".join(f"{n} {metadata.version(n)}" for n in ("langgraph", "langchain-openai", "openai", "tiktoken"))
    return (f"Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. Machine: {len(os.sched_getaffinity(0))} usable "
            f"CPUs, {cpu}, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}; {versions}.")


def write_section(path: Path, key: str, text: str) -> None:
    """Replace (or append) the `key` section of the results file, so each benchmark updates only its own."""
    begin, end = f"<!-- begin {key} -->", f"<!-- end {key} -->"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Summarization benchmarks\n"
    block = f"{begin}\n{text.strip()}\n{end}"
    if begin in old and end in old:
        new = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)


def build_library(root: Path, count: int | None = None):
    """The sample reports ingested into a fresh library, plus in-memory copies (new report_id) up to `count`."""
    from memory.embeddings import make_embedding_function
    from memory.report_library import ReportLibrary
    from tools.documents import iter_document_paths, load_document

    docs = [load_document(p) for p in iter_document_paths([SAMPLES])]
    library = ReportLibrary(root, make_embedding_function("use"))
    reports = []
    for i in range(count or len(docs)):
        doc, copy = docs[i % len(docs)], i // len(docs)
        if copy:  # same pages, new identity: what re-ingesting a one-byte-different file gives
            doc = replace(doc, report_id=hashlib.sha256(f"{doc.report_id}/{copy}".encode()).hexdigest()[:16],
                          source=doc.source.with_name(f"{doc.source.stem}~copy{copy}{doc.source.suffix}"))
        reports.append((library.ingest(doc).report_id, str(doc.source)))
    return library, reports


def llm_context(library, base_url: str, concurrency: int, limits=None, model_factory=None):
    """A Context like the CLI's (engine llm) over an open library; a fresh gate and model cache per call."""
    from pydantic import SecretStr

    from agents.context import Context, LibrarySpec, Limits, SharedResources
    from agents.llm.config import LLMConfig

    shared = SharedResources()
    shared._library = library  # already open; the Context must not open a second one
    llm = LLMConfig(model="deepseek-chat", base_url=base_url, api_key=SecretStr("sk-bench-local"),
                    max_concurrency=concurrency, timeout_s=120)
    return Context(data_dir=library.root, library=LibrarySpec(library.root), llm=llm, engine="llm",
                   limits=limits or Limits(), model_factory=model_factory, shared=shared)


def _serve(conn, ttft_s: float, tokens_per_s: float) -> None:
    from tests.support.openai_server import OpenAIServer
    from tests.support.report_reader import ReportReader

    with OpenAIServer(ReportReader(), ttft_s=ttft_s, tokens_per_s=tokens_per_s) as server:
        conn.send(server.base_url)
        while conn.recv() != "stop":  # any other message asks for the peak number of requests in flight
            conn.send(server.peak_in_flight)
            server.peak_in_flight = 0  # … and starts the next run's count


@contextmanager
def server_process(ttft_s: float, tokens_per_s: float):
    """(base_url, peak()) of a test server in a child process; peak(): most requests in flight since the last call."""
    parent, child = multiprocessing.get_context("spawn").Pipe()
    proc = multiprocessing.get_context("spawn").Process(target=_serve, args=(child, ttft_s, tokens_per_s), daemon=True)
    proc.start()
    try:
        base_url = parent.recv()

        def peak() -> int:
            parent.send("peak")
            return parent.recv()
        yield base_url, peak
    finally:
        parent.send("stop")
        proc.join(timeout=10)
