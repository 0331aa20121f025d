"""Issue 15's goals as rows of the summary table in results/latest.md.

Each benchmark prints its Markdown section with one `<!-- goal {...} -->` line per goal it measured;
run_all collects them into the table at the top (goal, baseline, measured, ratio, target, pass/fail).
A goal a benchmark could not measure is absent from its section and shown as "not measured".
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import asdict, dataclass

_MARK = re.compile(r"<!-- goal (\{.*\}) -->")
# Every goal of issue 15, in order; run_all lists those no benchmark reported.
GOALS = {
    "1": "Start: `touyan --help`, `--version`, `threads`, every `CMD --help`",
    "2": "No-op re-ingest",
    "3": "Hybrid search at 100k chunks",
    "4": "Ingest at the embedding floor",
    "5": "Serve and chat",
}


@dataclass(frozen=True)
class Goal:
    goal: str  # "1", "3a", …: the goal number, a letter per measured part
    what: str
    baseline: str  # what the ratio is against, with its measured value
    measured: str
    ratio: float | None  # measured / baseline (or baseline / measured where bigger is better: see `target`)
    target: str  # e.g. "≤ 1.5×"
    passed: bool

    def comment(self) -> str:
        return f"<!-- goal {json.dumps(asdict(self), ensure_ascii=False)} -->"


def parse(markdown: str) -> list[Goal]:
    return [Goal(**json.loads(m.group(1))) for m in _MARK.finditer(markdown)]


def summary_table(goals: list[Goal]) -> str:
    lines = ["| goal | what | baseline (same run) | measured | ratio | target | result |",
             "|---|---|---|---|---:|---|---|"]
    for g in goals:
        ratio = "—" if g.ratio is None else f"{g.ratio:.2f}×"
        lines.append(f"| {g.goal} | {g.what} | {g.baseline} | {g.measured} | {ratio} | {g.target} | "
                     f"{'**pass**' if g.passed else '**FAIL**'} |")
    reported = {g.goal.rstrip("abcdefgh") for g in goals}
    for number, what in GOALS.items():
        if number not in reported:
            lines.append(f"| {number} | {what} | — | not measured in this run | — | — | **not measured** |")
    return "\n".join(lines)


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of per-round ratios: pairing cancels most of the machine's drift between rounds."""
    return statistics.median(a / b for a, b in zip(numerators, denominators))
