"""How well the program decides that two brokers' claims speak of one quantity (issue 13), against the gold.

Reads a dev eval run (`touyan eval run --suite aggregation-labelled-dev --out DIR`): its items.jsonl holds each
report's claims as the solver extracted them. Each program claim is matched to gold claims as the scorer does
(evals.scorers.aggregation_gold.matched_golds); every cross-report pair of matched claims in a case is one
example, gold-positive when some gold claim of one and some of the other share their `metric` string. The
program's decision is tools.claims.compare.conflict's gate: the rules tie the pair (a facet pair of compatible
quantities, one impact question, or one naming the other's subject: metric_identity.comparable) and the learned
score (tools.claims.metric_model) does not veto it, which it may only for a loose tie (`decides`). Reported: precision, recall and F1 of the rules
alone, of the shipped decision (weights fitted on these same cases: in-sample), and of the shipped decision with
each case's weights fitted without it (leave-one-case-out, scripts/fit_metric_model.py), over all pairs and over
pairs whose gold periods meet (equal, or one has none), per group of case ids. Only the dev half (odd case ids)
is loaded; the even files are never opened — except with `--held-out`, the lead's transfer check on a held-out run:
then only the held-out cases are read, the shipped decision is scored as it stands (nothing is fitted on them),
and only counts are printed.

    .venv/bin/python scripts/metric_pairs.py /tmp/13p-main
    .venv/bin/python scripts/metric_pairs.py /tmp/agg-test --held-out
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evals.labelled.schema import AggCase  # noqa: E402
from evals.scorers.aggregation_gold import matched_golds  # noqa: E402
from tools.claims.model import Claim  # noqa: E402

CASES = ROOT / "evals/labelled/aggregation"
GROUPS = [(0, 38, "<=38"), (39, 50, "39-50"), (51, 58, "51-58"), (59, 66, "59-66"), (67, 74, "67-74"),
          (75, 82, "75-82"), (83, 999, "83+")]


def case_number(case_id: str) -> int:
    return int(case_id.split("-")[1])


def dev_case(case_id: str, held_out: bool = False) -> AggCase:
    """A dev case; with `held_out`, a held-out case instead (the lead's transfer check: scored, never fitted on)."""
    if (case_number(case_id) % 2 == 0) != held_out:
        raise ValueError(f"{case_id} is {'a dev' if held_out else 'a held-out'} case: not read here")
    path = CASES / f"{case_id}.json"
    return AggCase.model_validate(json.loads(path.read_text(encoding="utf-8")))


@dataclass
class Pair:
    case: str
    a: Claim
    b: Claim
    company_report: bool
    gold_same: bool  # some gold claim of each shares the metric string
    periods_meet: bool  # the matched gold claims' periods are equal, or one has none
    gold_a: tuple[str, ...] = ()
    gold_b: tuple[str, ...] = ()
    meaning: bool = False  # the sentences tie the two by meaning (agents.consensus.claim_views' `tied`)
    vetoed: bool = False  # the consensus drops the pair's tie (agents.consensus.pair_veto)


def verified_claims(run: Path, held_out: bool = False) -> Iterator[tuple[dict, AggCase, list[tuple[str, Claim, set[str]]]]]:
    """Each dev case (held-out case with `held_out`) of a run: its row, the case, and every verified program claim
    with the gold claims it matches as the scorer matches them (report, claim, gold ids; the ids may be empty)."""
    for line in (run / "items.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if (case_number(row["id"]) % 2 == 0) != held_out or not row.get("output"):
            continue
        case = dev_case(row["id"], held_out)
        claims: list[tuple[str, Claim, set[str]]] = []
        for summary in row["output"]["summaries"]:
            for raw in summary["claims"]:
                claim = Claim.model_validate(raw)
                if claim.verified is not False:
                    claims.append((summary["report_id"], claim,
                                   matched_golds(summary["report_id"], [claim.page, *claim.also_pages], claim.text, case)))
        yield row, case, claims


def matched_claims(run: Path, held_out: bool = False) -> Iterator[tuple[AggCase, list[tuple[str, Claim, set[str]]]]]:
    """Each dev case (held-out case with `held_out`) of a run with its verified program claims that match gold
    claims: (report, claim, gold ids)."""
    for _, case, claims in verified_claims(run, held_out):
        yield case, [(report, claim, ids) for report, claim, ids in claims if ids]


def pairs_of_run(run: Path, held_out: bool = False) -> list[Pair]:
    from agents.consensus.claim_similarity import sentence_vectors
    from agents.consensus.claim_views import meaning_ties
    from agents.consensus.pair_veto import vetoes

    out: list[Pair] = []
    for _, case, claims in verified_claims(run, held_out):
        gold = {g.id: g for g in case.gold.claims}
        company = case.subject.get("kind") == "stock"
        triples = [(report, report, claim) for report, claim, _ in claims]
        tied = meaning_ties(triples, sentence_vectors)
        dropped = vetoes(triples, sentence_vectors, tied, company_report=company)
        matched = [(n, report, claim, ids) for n, (report, claim, ids) in enumerate(claims) if ids]
        for i, (n_a, rep_a, a, ids_a) in enumerate(matched):
            for n_b, rep_b, b, ids_b in matched[i + 1:]:
                if rep_a == rep_b:
                    continue
                links = [(gold[x], gold[y]) for x in ids_a for y in ids_b]
                same = any(x.metric == y.metric for x, y in links)
                meet = any(x.period is None or y.period is None or x.period == y.period for x, y in links)
                out.append(Pair(case.id, a, b, company, same, meet, tuple(sorted(ids_a)), tuple(sorted(ids_b)),
                                tied(n_a, n_b), dropped(n_a, n_b)))
    return out


def gold_metrics(pair: Pair) -> str:
    """The gold metric strings of the pair's two claims, for listings: "[…] ~ […]"."""
    gold = {g.id: g for g in dev_case(pair.case).gold.claims}
    return f"{[gold[i].metric for i in pair.gold_a]} ~ {[gold[i].metric for i in pair.gold_b]}"


def decides(a: Claim, b: Claim, company_report: bool) -> bool:
    """The program's "one quantity" decision (tools.claims.compare.conflict's gate, periods aside)."""
    from tools.claims.metric_identity import quantity_tie
    from tools.claims.metric_model import one_quantity, weights

    tied = quantity_tie(a, b, company_report=company_report)
    return tied == "firm" or tied == "loose" and one_quantity(a, b, company_report=company_report) >= weights()["veto"]


def decides_with_meaning(pair: Pair) -> bool:
    """`decides`, or else the tie by meaning as conflict applies it where the rules tie nothing: both claims name an
    own metric and the two are not two different common quantity words (compare._named_apart)."""
    from tools.claims.compare import _named_apart
    from tools.claims.facets import own_metric
    from tools.claims.metric_identity import quantity_tie

    if decides(pair.a, pair.b, pair.company_report):
        return True
    mains = own_metric(pair.a), own_metric(pair.b)
    return pair.meaning and not quantity_tie(pair.a, pair.b, company_report=pair.company_report) and \
        all(mains) and not _named_apart(*mains)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def line(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {self.tp} fp {self.fp} fn {self.fn} tn {self.tn})"


def group_of(case_id: str) -> str:
    n = case_number(case_id)
    return next(name for lo, hi, name in GROUPS if lo <= n <= hi)


def report(pairs: list[Pair], predicted: list[bool], title: str) -> None:
    total, meet = Counts(), Counts()
    groups: dict[str, Counts] = {}
    for pair, guess in zip(pairs, predicted):
        total.add(guess, pair.gold_same)
        if pair.periods_meet:
            meet.add(guess, pair.gold_same)
        groups.setdefault(group_of(pair.case), Counts()).add(guess, pair.gold_same)
    print(f"{title}\n  all pairs        {total.line()}\n  periods meet     {meet.line()}")
    for _, _, name in GROUPS:
        if name in groups:
            print(f"    {name:6}         {groups[name].line()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--held-out", action="store_true", help="score a held-out run's pairs (nothing is fitted)")
    args = parser.parse_args()
    pairs = pairs_of_run(args.run, args.held_out)
    cases = len({p.case for p in pairs})
    print(f"{len(pairs)} cross-report pairs of matched claims in {cases} {'held-out' if args.held_out else 'dev'} "
          f"cases, {sum(p.gold_same for p in pairs)} on one gold metric")
    from fit_metric_model import RULE, design, held_out, vetoed
    from tools.claims.metric_model import weights

    x, y = design(pairs)
    report(pairs, list(x[:, RULE] == 1), "rules alone (tools.claims.metric_identity.comparable)")
    report(pairs, [decides(p.a, p.b, p.company_report) for p in pairs],
           f"rules, vetoed under {weights()['veto']} by the shipped weights "
           f"({'fitted on dev only' if args.held_out else 'in-sample'})")
    report(pairs, [decides_with_meaning(p) for p in pairs], "the shipped decision, with ties by meaning "
           "(agents.consensus.claim_similarity)")
    report(pairs, [decides_with_meaning(p) and not p.vetoed for p in pairs], "the shipped decision, with ties by "
           "meaning and the pair veto (agents.consensus.pair_veto; fitted on dev: in-sample there)")
    if args.held_out:
        return
    report(pairs, list(vetoed(held_out(x, y, [p.case for p in pairs]), x, weights()["veto"])),
           "rules, vetoed with weights fitted without the case (leave-one-case-out)")


if __name__ == "__main__":
    main()
