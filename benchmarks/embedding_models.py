"""Load time and throughput of the offline embedding models on Chinese report chunks.

    python -m benchmarks.embedding_models [--chunks 200] [--chars 300] [--runs 3] [--threads 1 2]

Chunks are ~300-character windows over the text of the sample PDFs in data/samples/reports/, topped
up from the seed texts in ../shared/seeds/ when the PDFs hold too little text. Throughput is the
median of the runs over all chunks, through the same chromadb embedding function the library uses.

Then the BLAS/OpenMP thread limit (memory.embeddings.MODEL_THREADS, applied through threadpoolctl around
every model call): each model embeds the same chunks with each limit in `--threads`, the limits taking
turns run after run so that the machine's load hits them alike; wall and CPU seconds, medians.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "data" / "samples" / "reports"
SEEDS = REPO.parent / "shared" / "seeds"
KINDS = ("use", "e5")
_SPACE = re.compile(r"\s+")


def _windows(text: str, chars: int) -> list[str]:
    text = _SPACE.sub("", text)
    return [text[i:i + chars] for i in range(0, len(text) - chars + 1, chars)]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def load_chunks(count: int, chars: int) -> tuple[list[str], dict[str, int]]:
    """Up to `count` chunks of `chars` characters, PDFs first, and how many came from each source."""
    chunks: list[str] = []
    sources = {"pdf": 0, "seed": 0}
    for kind, paths, read in (("pdf", sorted(REPORTS.glob("*.pdf")), _pdf_text),
                              ("seed", sorted(SEEDS.glob("*.txt")), lambda p: p.read_text(encoding="utf-8"))):
        for path in paths:
            for window in _windows(read(path), chars):
                if len(chunks) == count:
                    return chunks, sources
                chunks.append(window)
                sources[kind] += 1
    return chunks, sources


def measure(kind: str, chunks: list[str], runs: int) -> dict[str, float]:
    from memory.embeddings import local_model, make_embedding_function

    started = time.perf_counter()
    local_model(kind)  # first call in this process: import, weights, warm-up
    load_s = time.perf_counter() - started
    ef = make_embedding_function(kind)
    rates, cpu_rates = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        vectors = ef(chunks)
        rates.append(len(vectors) / (time.perf_counter() - started))
        cpu_rates.append(len(vectors) / (time.process_time() - cpu_started))
    return {"load_s": load_s, "median": statistics.median(rates), "min": min(rates), "max": max(rates),
            "per_cpu_s": statistics.median(cpu_rates)}


def thread_limits(kind: str, chunks: list[str], limits: list[int], runs: int) -> dict[int, dict[str, float]]:
    """Wall and CPU seconds to embed `chunks` under each thread limit, the limits in turn every run."""
    import memory.embeddings as embeddings

    ef = embeddings.make_embedding_function(kind)
    saved = embeddings.MODEL_THREADS[kind]
    times: dict[int, dict[str, list[float]]] = {n: {"wall": [], "cpu": []} for n in limits}
    try:
        for _ in range(runs):
            for n in limits:
                embeddings.MODEL_THREADS[kind] = n
                started, cpu_started = time.perf_counter(), time.process_time()
                ef(chunks)
                times[n]["wall"].append(time.perf_counter() - started)
                times[n]["cpu"].append(time.process_time() - cpu_started)
    finally:
        embeddings.MODEL_THREADS[kind] = saved
    return {n: {k: statistics.median(v) for k, v in t.items()} for n, t in times.items()}


def _threads_table(results: dict[str, dict[int, dict[str, float]]], chunks: int) -> list[str]:
    from memory.embeddings import MODEL_THREADS

    lines = ["", f"BLAS/OpenMP threads per model call ({chunks} chunks; limits in turn each run; the library "
             f"uses {', '.join(f'{k} {v}' for k, v in MODEL_THREADS.items())}):", "",
             "| model | threads | wall s (median) | CPU s (median) | wall vs 1 thread |", "|---|---:|---:|---:|---:|"]
    for kind, by_limit in results.items():
        one = by_limit.get(1, next(iter(by_limit.values())))["wall"]
        for n, r in by_limit.items():
            lines.append(f"| {kind} | {n} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['wall'] / one:.2f}× |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--chars", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--threads", nargs="*", type=int, default=[1, 2],
                        help="BLAS/OpenMP thread limits to compare (none: skip the comparison)")
    args = parser.parse_args()

    chunks, sources = load_chunks(args.chunks, args.chars)
    if not chunks:
        raise SystemExit(f"no text found under {REPORTS} or {SEEDS}")
    import memory.embeddings  # noqa: F401  (chromadb import cost kept out of the load times)

    load_before = os.getloadavg()[0]
    results = {kind: measure(kind, chunks, args.runs) for kind in args.kinds}
    threads = {kind: thread_limits(kind, chunks, args.threads, args.runs) for kind in args.kinds} if args.threads else {}
    # Other processes skew the numbers: the 1-minute load average says how busy the machine was.
    print(f"{len(chunks)} chunks of {args.chars} characters ({sources['pdf']} from sample PDFs, "
          f"{sources['seed']} from seeds); {args.runs} runs; {os.cpu_count()} CPUs "
          f"{platform.machine()}, Python {platform.python_version()}; load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n")
    # chunks per CPU-second moves less than wall-clock rates when other processes compete for the cores.
    print("| model | load (s) | chunks/s (median) | min–max chunks/s | chunks per CPU-second |")
    print("|---|---:|---:|---:|---:|")
    for kind, r in results.items():
        print(f"| {kind} | {r['load_s']:.2f} | {r['median']:.1f} | {r['min']:.1f}–{r['max']:.1f} "
              f"| {r['per_cpu_s']:.1f} |")
    if threads:
        print("\n".join(_threads_table(threads, len(chunks))))


if __name__ == "__main__":
    main()
