"""Start-up of the `touyan` command line against `python -c "import typer, rich"` (issue 15, goal 1).

    python -m benchmarks.cli_startup [--rounds 7]

Each round runs the baseline and every command once, in turn, each in a fresh process (the venv's
`touyan` script, as a user runs it); a command's ratio is the median over rounds of its time divided
by the baseline's time in the same round. CPU time (user + system of the child) is the measure the
goal is judged on: on a shared 2-core machine wall time mostly measures the neighbours. Wall ratios
are reported beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.goals import Goal, median_ratio

BASELINE = [sys.executable, "-c", "import typer, rich"]
TOUYAN = str(Path(sys.executable).with_name("touyan"))
SUBCOMMANDS = ("ingest", "reparse", "search", "chat", "threads", "serve", "concept", "summarize", "strategy", "fund-style",
               "eval", "eval run", "eval compare", "eval baseline", "data", "data refresh", "data status")
COMMANDS = ["--help", "-h", "--version", "threads", *(f"{c} --help" for c in SUBCOMMANDS)]
TARGET = 1.5


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def measure(rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as home:
        # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as in some shells
        # here) every run would compile every module from source, the baseline's too.
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "TOUYAN_HOME": home}
        names = ["baseline", *COMMANDS]
        argv = {"baseline": BASELINE, **{c: [TOUYAN, *c.split()] for c in COMMANDS}}
        cpu: dict[str, list[float]] = {n: [] for n in names}
        wall: dict[str, list[float]] = {n: [] for n in names}
        for name in names:  # one untimed warm-up each: writes the bytecode, warms the page cache
            timed(argv[name], env)
        for _ in range(rounds):
            for name in names:
                c, w = timed(argv[name], env)
                cpu[name].append(c)
                wall[name].append(w)
    return {"rounds": rounds, "cpu": cpu, "wall": wall, "load": os.getloadavg()}


def to_markdown(r: dict) -> str:
    cpu, wall = r["cpu"], r["wall"]
    base_cpu, base_wall = statistics.median(cpu["baseline"]), statistics.median(wall["baseline"])
    lines = [
        "## CLI start-up (issue 15, goal 1)",
        "",
        f"Baseline `python -c \"import typer, rich\"`: {1000 * base_cpu:.0f} ms CPU, {1000 * base_wall:.0f} ms wall "
        f"(medians). Bytecode (.pyc) written before timing, as an installed package has it. {r['rounds']} rounds, the baseline and each command in turn, each a fresh process of the "
        f"venv's `touyan` script; ratio = median over rounds of command / baseline in the same round. Load "
        f"average after: {' / '.join(f'{x:.1f}' for x in r['load'])} on {os.cpu_count()} CPUs.",
        "",
        "| command | CPU ms | CPU ratio | wall ms | wall ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    ratios = {}
    for name in COMMANDS:
        ratios[name] = median_ratio(cpu[name], cpu["baseline"])
        lines.append(f"| `touyan {name}` | {1000 * statistics.median(cpu[name]):.0f} | {ratios[name]:.2f}× | "
                     f"{1000 * statistics.median(wall[name]):.0f} | {median_ratio(wall[name], wall['baseline']):.2f}× |")
    worst = max(ratios, key=ratios.get)
    lines += ["", Goal("1", "Start: every listed command, CPU time (worst shown)",
                       f"`import typer, rich` {1000 * base_cpu:.0f} ms CPU",
                       f"`touyan {worst}` {1000 * statistics.median(cpu[worst]):.0f} ms CPU", ratios[worst],
                       f"≤ {TARGET}×", ratios[worst] <= TARGET).comment(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    print(to_markdown(measure(args.rounds)))


if __name__ == "__main__":
    main()
