"""A solver runs one task's items through the real graph and scores the output.

Registering a task is one entry in `evals.solvers.SOLVERS`: the task name, the prompts its LLM
calls use (their versions go into cache keys), `solve`, `score` and `excerpt` (what the compare
report shows side by side).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable

from agents.context import Context
from evals.env import EvalEnv
from evals.items import EvalItem


@dataclass
class Scored:
    scores: dict[str, float | None]
    notes: list[str] = field(default_factory=list)  # why a score is low, in words (shown in reports)
    labels: dict[str, list[str | None]] = field(default_factory=dict)  # name -> [truth, predicted]


@dataclass(frozen=True)
class Solver:
    task: str
    prompts: tuple[str, ...]
    solve: Callable[[EvalItem, Context, EvalEnv], Awaitable[dict]]
    score: Callable[[EvalItem, dict, EvalEnv], Scored]
    excerpt: Callable[[dict], str]
    description: str = ""
