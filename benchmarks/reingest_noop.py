"""Re-ingesting an unchanged folder (issue 15, goal 2).

    python -m benchmarks.reingest_noop [--rounds 5] [--files 1000]

1. The sample corpus (data/samples/reports), ingested once untimed; then, in turn each round,
   `touyan ingest --reread DIR` (every file parsed and checked against the catalog after opening the
   library: the path before issue 15) and `touyan ingest DIR` (files recognized by size, mtime and
   hash first). Fresh processes; ratio = median over rounds of new / reread, wall time, the two in
   turn every round so that the machine's load hits both alike. (CPU time is shown too, but since
   `--reread` of 8+ files parses in forkserver worker processes (touyan/parse_pool.py) that touyan
   never waits for, their CPU is missing from its rusage: a CPU ratio would flatter the baseline.)
2. `--files` generated text reports (distinct contents, 2-6 KB each), ingested once untimed; then
   per round: the whole `touyan ingest DIR` process (absolute target 2 s wall), and in this process
   `FileFingerprints.split` over the same files against SHA-256 of those files alone, both after the
   page cache is warm: once with size and mtime unchanged, once after touching every file (each one
   is hashed, the worst case). Ratio = median over rounds of split / hashing alone. The untimed first
   ingest embeds through a local OpenAI-compatible server (tests/support/openai_server.py): a no-op
   re-ingest never embeds, and the real model would spend many minutes of the shared machine on setup.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cli_startup import timed
from benchmarks.goals import Goal, median_ratio

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples" / "reports"
TOUYAN = str(Path(sys.executable).with_name("touyan"))
SAMPLE_TARGET, SPLIT_TARGET, PROCESS_TARGET_S = 0.1, 1.5, 2.0


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "PYTHONDONTWRITEBYTECODE")}


def _ingest(home: Path, folder: Path, *extra: str) -> tuple[float, float]:
    return timed([TOUYAN, "--data-dir", str(home), "ingest", *extra, str(folder)], _env())


def samples(rounds: int, home: Path) -> dict:
    _ingest(home, SAMPLES)  # untimed: the first ingest
    runs = {"reread": [], "noop": []}
    for _ in range(rounds):
        runs["reread"].append(_ingest(home, SAMPLES, "--reread"))
        runs["noop"].append(_ingest(home, SAMPLES))
    return runs


def generated_folder(folder: Path, n: int) -> list[Path]:
    """`n` text reports of 2-6 KB, each with its own numbers (distinct contents, distinct report ids)."""
    words = ("储能", "出货", "毛利率", "同比", "产能", "订单", "海外", "价格", "需求", "龙头", "盈利", "估值")
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        lines = [f"示例证券 行业跟踪第{i}期"] + [
            "，".join(f"{words[(i + j + w) % len(words)]}{(i * 31 + j * 7 + w) % 997}" for w in range(12)) + "。"
            for j in range(20 + i % 60)]
        path = folder / f"2025{1 + i % 12:02d}{1 + i % 28:02d}_示例证券_跟踪{i:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def _hash_all(paths: list[Path]) -> None:
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()


def _seconds(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def many(rounds: int, n: int, home: Path, folder: Path) -> dict:
    from memory.file_fingerprints import FileFingerprints
    from tools.documents import PARSER_VERSION, iter_document_paths

    from tests.support.openai_server import OpenAIServer

    generated_folder(folder, n)
    started = time.perf_counter()
    with OpenAIServer(embedding_dim=32) as server:
        env = _env() | {"TOUYAN_EMBEDDING": "openai", "TOUYAN_EMBEDDING_BASE_URL": server.base_url,
                        "OPENAI_API_KEY": "sk-benchmark-local"}
        subprocess.run([TOUYAN, "--data-dir", str(home), "ingest", str(folder)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first_s = time.perf_counter() - started
    paths = list(iter_document_paths([folder]))
    out = {"first_ingest_s": first_s, "process": [], "hash": [], "split_stat": [], "split_hash": []}
    fingerprints = FileFingerprints(home / "library")
    try:
        _hash_all(paths)  # warm the page cache for all sides
        for r in range(rounds):
            out["process"].append(_ingest(home, folder))
            out["hash"].append(_seconds(lambda: _hash_all(paths)))
            out["split_stat"].append(_seconds(lambda: fingerprints.split(paths, PARSER_VERSION)))
            for path in paths:  # new mtime, same bytes: every file must be hashed
                os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
            unchanged: list = []
            out["split_hash"].append(_seconds(lambda: unchanged.extend(fingerprints.split(paths, PARSER_VERSION)[0])))
            if len(unchanged) != len(paths):
                raise RuntimeError(f"only {len(unchanged)} of {len(paths)} touched files recognized as unchanged")
    finally:
        fingerprints.close()
    return out


def measure(rounds: int, n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        return {"samples": samples(rounds, tmp / "home-samples"), "many": many(rounds, n, tmp / "home-many",
                                                                              tmp / "generated"),
                "files": n, "sample_files": len(list(SAMPLES.glob("2*"))), "rounds": rounds, "load": os.getloadavg()}


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:.0f} ms"


def to_markdown(r: dict) -> str:
    s, m, n = r["samples"], r["many"], r["files"]
    cpu = {k: [c for c, _ in v] for k, v in s.items()}
    wall = {k: [w for _, w in v] for k, v in s.items()}
    sample_ratio = median_ratio(wall["noop"], wall["reread"])
    process_wall = statistics.median(w for _, w in m["process"])
    split_stat, split_hash = median_ratio(m["split_stat"], m["hash"]), median_ratio(m["split_hash"], m["hash"])
    lines = [
        "## No-op re-ingest (issue 15, goal 2)",
        "",
        f"{r['rounds']} rounds. Load average after: {' / '.join(f'{x:.1f}' for x in r['load'])} on {os.cpu_count()} CPUs.",
        "",
        "| measure | CPU (median) | wall (median) |",
        "|---|---:|---:|",
        f"| `touyan ingest --reread` on {r['sample_files']} unchanged sample files (parse all, open library; CPU "
        "without the parse worker's) | "
        f"{_ms(statistics.median(cpu['reread']))} | {_ms(statistics.median(wall['reread']))} |",
        f"| `touyan ingest` on the same files (fingerprints) | {_ms(statistics.median(cpu['noop']))} | "
        f"{_ms(statistics.median(wall['noop']))} |",
        f"| `touyan ingest` on {n:,} unchanged generated files, whole process | "
        f"{_ms(statistics.median(c for c, _ in m['process']))} | {_ms(process_wall)} |",
        f"| SHA-256 of those {n:,} files alone, in process | | {_ms(statistics.median(m['hash']))} |",
        f"| `FileFingerprints.split`, size and mtime unchanged | | {_ms(statistics.median(m['split_stat']))} |",
        f"| `FileFingerprints.split` after touching every file (all hashed) | | "
        f"{_ms(statistics.median(m['split_hash']))} |",
        "",
        f"First ingest of the {n:,} generated files (untimed setup): {m['first_ingest_s']:.0f} s wall.",
        "",
        Goal("2a", f"No-op re-ingest of {r['sample_files']} sample files, wall", "`touyan ingest --reread` "
             f"{_ms(statistics.median(wall['reread']))}", _ms(statistics.median(wall["noop"])), sample_ratio,
             f"≤ {SAMPLE_TARGET:g}×", sample_ratio <= SAMPLE_TARGET).comment(),
        Goal("2b", f"No-op re-ingest of {n:,} files, whole process, wall", f"absolute target {PROCESS_TARGET_S:g} s",
             _ms(process_wall), process_wall / PROCESS_TARGET_S, "≤ 1.00× (2 s)",
             process_wall <= PROCESS_TARGET_S).comment(),
        Goal("2c", f"Recognizing {n:,} touched files (all hashed) against hashing alone", "SHA-256 alone "
             f"{_ms(statistics.median(m['hash']))}", _ms(statistics.median(m["split_hash"])), split_hash,
             f"≤ {SPLIT_TARGET:g}×", split_hash <= SPLIT_TARGET).comment(),
        Goal("2d", f"Recognizing {n:,} unchanged files (size, mtime) against hashing alone", "SHA-256 alone "
             f"{_ms(statistics.median(m['hash']))}", _ms(statistics.median(m["split_stat"])), split_stat,
             f"≤ {SPLIT_TARGET:g}×", split_stat <= SPLIT_TARGET).comment(),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args(argv)
    print(to_markdown(measure(args.rounds, args.files)))


if __name__ == "__main__":
    main()
