"""The task table: task name → solver. A new task is a module with a `SOLVER` and one line here."""

from __future__ import annotations

from evals.solvers import (aggregation, aggregation_labelled, concept, concept_chain, fof_commentary, forged_citations, fund_style, layout,
                           routing, strategy, summary)
from evals.solvers.base import Scored, Solver

SOLVERS: dict[str, Solver] = {s.task: s for s in (summary.SOLVER, aggregation.SOLVER, aggregation_labelled.SOLVER,
                                                  concept.SOLVER,
                                                  concept_chain.SOLVER, fund_style.SOLVER, fof_commentary.SOLVER,
                                                  strategy.SOLVER, routing.SOLVER, layout.SOLVER,
                                                  forged_citations.SOLVER)}

__all__ = ["SOLVERS", "Scored", "Solver"]
