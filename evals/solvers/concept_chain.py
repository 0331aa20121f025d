"""Concept chains on the labelled set (evals/labelled/concept/): each case's reports become a corpus of
their own (chain reports and unrelated ones together, as a user would ingest them), ingested into a
library of their own, and the concept graph runs on it as `touyan concept` would.

input: {case, concept}   reference: {case}: the gold lives in the case file (evals/labelled/README.md)
Scores (evals/scorers/concept_gold.py): company_recall, company_precision, node_accuracy, edge_f1 (with
edge_precision/recall), hkus_recall, and three gates that must be 1 on every item: unrelated_absent (no
decoy company shown), invalid_codes_absent (no invalid code shown), ticker_validity (every shown code
exists, under that name).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from agents.concept.drafts import PROMPTS
from agents.concept.graph import graph
from agents.context import Context, LibrarySpec, SharedResources
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.labelled.corpus import write_case_corpus
from evals.scorers.concept_gold import score_chain
from evals.scorers.tickers import invalid_tickers, ticker_validity
from evals.solvers.base import Scored, Solver
from evals.solvers.concept import excerpt as concept_excerpt


@lru_cache(maxsize=None)
def load_case(case_id: str):
    from evals.labelled.schema import load_concept

    cases = {c.id: c for c in load_concept()}
    if case_id not in cases:
        raise KeyError(f"没有标注案例 {case_id}（evals/labelled/concept/）")
    return cases[case_id]


def case_context(ctx: Context, case_id: str) -> Context:
    """A Context whose library holds only this case's reports (ingested once; unchanged files are skipped)."""
    from tools.documents import iter_document_paths, load_document

    root = ctx.data_dir / "labelled_concept" / case_id
    write_case_corpus(load_case(case_id), root / "corpus")
    embedding = ctx.library.embedding
    case_ctx = replace(ctx, library=LibrarySpec(root / "library", embedding=embedding), shared=SharedResources())
    library = case_ctx.report_library
    for path in iter_document_paths([root / "corpus"]):
        library.ingest(load_document(path))
    return case_ctx


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    case_ctx = case_context(ctx, item.input["case"])
    try:
        result = await graph.ainvoke({"concept": item.input["concept"]}, context=case_ctx)
    finally:
        case_ctx.shared.close()
    return result["chain"].model_dump(mode="json")


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    scored = score_chain(output, load_case(item.reference["case"]))
    scores = dict(scored.scores)
    scores["unrelated_absent"] = 0.0 if scores.pop("decoys_shown") else 1.0
    scores["invalid_codes_absent"] = 0.0 if scores.pop("invalid_codes_shown") else 1.0
    pairs = [(c["code"], c.get("name")) for c in output.get("companies", [])]
    scores["ticker_validity"] = ticker_validity(pairs, env.stock_master)
    return Scored(scores, scored.notes + invalid_tickers(pairs, env.stock_master))


def excerpt(output: dict) -> str:
    return f"{concept_excerpt(output)}；边 {len(output.get('edges', []))} 条"


SOLVER = Solver(task="concept_chain", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="热点概念解构（标注集：公司召回/精确、环节归属、供给边、无关研报公司、无效代码）")
