"""Start-up of the `touyan` command line against `python -c "import typer, rich"` (issue 15, goal 1).

    python -m benchmarks.cli_startup [--rounds 15]

Each round runs every command once, each in a fresh process (the venv's `touyan` script, as a user
runs it), right beside a run of the baseline: baseline first in odd rounds, the command first in even
ones. A command's ratio is the median over rounds of its time divided by the time of the baseline
run beside it, so a neighbour's burst falls on both sides of a pair. CPU time (user + system of the child) is the measure the
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
TARGET = 1.5


def commands() -> list[str]:
    """The command lines timed: the root's help and version, `threads`, and every command's and group's
    --help, found by walking the app (a command added later is timed too)."""
    import typer

    from touyan.cli import app
    from touyan.lazy_commands import command_paths

    paths = command_paths(typer.main.get_command(app))
    return ["--help", "-h", "--version", "threads", *(" ".join((*path, "--help")) for path in paths)]


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def measure(rounds: int) -> dict:
    timed_commands = commands()
    with tempfile.TemporaryDirectory() as home:
        # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as in some shells
        # here) every run would compile every module from source, the baseline's too.
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "TOUYAN_HOME": home}
        argv = {"baseline": BASELINE, **{c: [TOUYAN, *c.split()] for c in timed_commands}}
        # per command: its times, and the times of the baseline run beside each
        cpu: dict[str, list[float]] = {n: [] for n in argv}
        wall: dict[str, list[float]] = {n: [] for n in argv}
        base_cpu: dict[str, list[float]] = {n: [] for n in timed_commands}
        base_wall: dict[str, list[float]] = {n: [] for n in timed_commands}
        for name in argv:  # one untimed warm-up each: writes the bytecode, warms the page cache
            timed(argv[name], env)
        for round_ in range(rounds):
            for name in timed_commands:
                pair = ("baseline", name) if round_ % 2 == 0 else (name, "baseline")
                for side in pair:
                    c, w = timed(argv[side], env)
                    cpu[side].append(c)
                    wall[side].append(w)
                base_cpu[name].append(cpu["baseline"][-1])
                base_wall[name].append(wall["baseline"][-1])
    return {"rounds": rounds, "commands": timed_commands, "cpu": cpu, "wall": wall, "base_cpu": base_cpu,
            "base_wall": base_wall, "load": os.getloadavg()}


def to_markdown(r: dict) -> str:
    cpu, wall = r["cpu"], r["wall"]
    base_cpu, base_wall = statistics.median(cpu["baseline"]), statistics.median(wall["baseline"])
    lines = [
        "## CLI start-up (issue 15, goal 1)",
        "",
        f"Baseline `python -c \"import typer, rich\"`: {1000 * base_cpu:.0f} ms CPU, {1000 * base_wall:.0f} ms wall "
        f"(medians). Bytecode (.pyc) written before timing, as an installed package has it. {r['rounds']} rounds; in each, every command right beside a baseline run "
        f"(which goes first alternates by round), each a fresh process of the venv's `touyan` script; ratio = "
        f"median over rounds of command / the baseline beside it. Load "
        f"average after: {' / '.join(f'{x:.1f}' for x in r['load'])} on {os.cpu_count()} CPUs.",
        "",
        "| command | CPU ms | CPU ratio | wall ms | wall ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    ratios = {}
    for name in r["commands"]:
        ratios[name] = median_ratio(cpu[name], r["base_cpu"][name])
        lines.append(f"| `touyan {name}` | {1000 * statistics.median(cpu[name]):.0f} | {ratios[name]:.2f}× | "
                     f"{1000 * statistics.median(wall[name]):.0f} | {median_ratio(wall[name], r['base_wall'][name]):.2f}× |")
    worst = max(ratios, key=ratios.get)
    lines += ["", Goal("1", "Start: every listed command, CPU time (worst shown)",
                       f"`import typer, rich` {1000 * base_cpu:.0f} ms CPU",
                       f"`touyan {worst}` {1000 * statistics.median(cpu[worst]):.0f} ms CPU", ratios[worst],
                       f"≤ {TARGET}×", ratios[worst] <= TARGET).comment(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    print(to_markdown(measure(args.rounds)))


if __name__ == "__main__":
    main()
