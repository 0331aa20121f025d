"""The task table: task name → solver. A new task is a module with a `SOLVER` and one line here.

Not registered yet, because their agents do not exist in agents/ yet: fund-style label, FOF
commentary label, strategy compliance (see evals/README.md, "Adding a task").
"""

from __future__ import annotations

from evals.solvers import aggregation, concept, summary
from evals.solvers.base import Scored, Solver

SOLVERS: dict[str, Solver] = {s.task: s for s in (summary.SOLVER, aggregation.SOLVER, concept.SOLVER)}

__all__ = ["SOLVERS", "Scored", "Solver"]
