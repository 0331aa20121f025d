"""A learned "one quantity?" score for two brokers' claims: logistic regression over general pair features.

The rules of tools.claims.metric_identity tie two claims by their quantity words and qualifiers; brokers also
name one quantity in words the rules do not fold (每股股息 ~ 分红, 销售量 ~ 销量, 荆州基地二期项目 ~ 荆州基地二期投产
后…利润增量), and the rules tie some claims the reader keeps apart. The score adds what a reader uses besides
the quantity word: the rules' own verdicts, how much of the wording and the named quantities two claims share
(frame words such as 我们预计/公司/同比 and figures left out), whether their figures are in one unit, and
whether they fall under one topic. No case's words are in the model, only these measures.

Weights: tools/data/metric_model.json, fitted by scripts/fit_metric_model.py on the dev half of the labelled
aggregation set (gold: two claims share their labelled metric), the thresholds chosen on leave-one-case-out
predictions. Numpy-free at run time: a dot product.
"""

from __future__ import annotations

import json
import math
import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from tools.claims.model import Claim

WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "metric_model.json"
FEATURES = ("rule", "firm_tie", "same_claim_metric", "same_head", "same_family", "metric_pairs", "qualifier_pairs", "text_pairs",
            "common_run", "quantity_words", "same_topic", "units_agree", "units_differ", "both_generic",
            "metric_missing")
RUN_CAP = 8  # a shared run of 8 characters (a product or project name) is as telling as a longer one
# What every broker writes around any quantity: the report's voice, hedges, the company, bases, figures.
_FRAME = re.compile(r"我们|预计|认为|判断|公司|同比|环比|有望|将|仍|的|年|[\d.,%％/～~\-–]|[^\u4e00-\u9fffA-Za-z]")


def _pairs(text: str) -> set[str]:
    text = _FRAME.sub(" ", text)
    return {text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _common_run(a: str, b: str) -> float:
    a, b = _FRAME.sub("", a), _FRAME.sub("", b)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return min(match.size, RUN_CAP) / RUN_CAP


def _quantities(claim: Claim) -> list[tuple[str, str]]:
    """(head, qualifier) of the claim's metric and of each of its facets (tools.claims.facets), synonyms folded."""
    from tools.claims.facets import facets
    from tools.claims.metric_identity import _head_and_qualifier

    names = dict.fromkeys([claim.metric, *(f.metric for f in facets(claim))])
    return [_head_and_qualifier(m) for m in names if m]


def _best(a: list[tuple[str, str]], b: list[tuple[str, str]], measure) -> float:
    return max((measure(x, y) for x in a for y in b), default=0.0)


def pair_features(a: Claim, b: Claim, *, company_report: bool = False) -> list[float]:
    """The measures of FEATURES for one pair of claims, each in [0, 1]; quantity measures take the best pair of
    the two claims' quantities (a sentence may name several: 毛利率回升…亏损收窄)."""
    from tools.claims.extract import heads_in
    from tools.claims.metric_identity import FAMILY, GENERIC, quantity_tie, same_metric
    from tools.claims.wording import canonical

    qa, qb = _quantities(a), _quantities(b)
    figures = a.value is not None and b.value is not None
    one_unit = figures and (a.value.unit, a.value.rate) == (b.value.unit, b.value.rate)
    tied = quantity_tie(a, b, company_report=company_report)
    return [
        float(bool(tied)),
        float(tied == "firm"),
        float(same_metric(a, b, company_report=company_report)),
        _best(qa, qb, lambda x, y: float(x[0] == y[0])),
        _best(qa, qb, lambda x, y: float(FAMILY.get(x[0], x[0]) == FAMILY.get(y[0], y[0]))),
        _best(qa, qb, lambda x, y: _jaccard(_pairs(x[1] + x[0]), _pairs(y[1] + y[0]))),
        _best(qa, qb, lambda x, y: _jaccard(_pairs(x[1]), _pairs(y[1])) if x[1] and y[1] else 0.0),
        _jaccard(_pairs(a.text), _pairs(b.text)),
        _common_run(a.text, b.text),
        _jaccard(heads_in(canonical(a.text)), heads_in(canonical(b.text))),
        float(a.topic == b.topic),
        float(one_unit),
        float(figures and not one_unit),
        float(bool(qa) and bool(qb) and qa[0][0] in GENERIC and qb[0][0] in GENERIC),
        float(not qa or not qb),
    ]


@lru_cache(maxsize=1)
def weights() -> dict:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def score(features: list[float], model: dict | None = None) -> float:
    """The probability that the pair speaks of one quantity."""
    model = model or weights()
    z = model["bias"] + sum(model["weights"][name] * x for name, x in zip(FEATURES, features))
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=16384)
def _cached(a: str, b: str, company_report: bool) -> float:
    return score(pair_features(Claim.model_validate_json(a), Claim.model_validate_json(b),
                               company_report=company_report))


def one_quantity(a: Claim, b: Claim, *, company_report: bool = False) -> float:
    """`score` of the pair, cached (conflict() meets each pair once per build, tests and evals many times)."""
    return _cached(a.model_dump_json(), b.model_dump_json(), company_report)
