"""Program claims the gold does not count as claims (issue 13t), by a general class, on the dev half.

Reads a dev eval run (`touyan eval run --suite aggregation-labelled-dev --out DIR`). Each verified program claim is
matched to gold claims as the scorer does (evals.scorers.aggregation_gold.matched_golds); one that matches none is a
sentence the labellers did not take for a claim. Each is put in the first class whose pattern its text fits — the
README's "not claims" (rating legend, risk item) and the kinds of sentence that are no view (a data citation, a
quoted or company view, a method or valuation note, a reported result, a heading, a multi-year figure list, an
industry fact) — and counted with how many take part in a program divergence. Matched claims are counted by the
same classes: what a rule on that class would lose. All dev cases and cases 83–113 are reported apart. Only odd
case ids are read.

    .venv/bin/python scripts/non_claims.py /tmp/13t-base [--list CLASS]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.metric_pairs import case_number, verified_claims  # noqa: E402

# First match wins; the patterns describe the class, they do not decide anything in the program.
CLASSES = [
    ("rating_legend", r"——|相对(?:市场|大盘|涨幅|跌幅|上涨|下跌|表现)|(?:优于|强于)大市、|超越整体市场|领先\d"),
    ("risk_item", r"不及预期[；;。]?$|超预期[；;。]?$|风险因素|风险提示"),
    ("quoted_view", r"公司表示|管理层|公司指引|指引|公告|^A\d|表示"),
    ("data_citation", r"^(?:据|根据)|数据显示|监测|统计|调研的结果显示|披露的数据|三季报显示"),
    ("method_note", r"测算|按[^，。]{0,20}计算|估值法|关键假设|给予[^，。]{0,12}PE|目标估值|假设"),
    ("valuation", r"估值|PE|市净率|股息率|市盈率"),
    ("figure_list", r"\d[\d,.]*/\d[\d,.]*"),
    ("heading", r"^\s*\d[、.]|^[^，,；;]{2,14}。?$"),
    ("reported_result", r"同比|实现|20(?:1\d|2[0-4])年|前三季度|截至|已(?!经?成为)"),
    ("industry_fact", r"行业|全国|全球|国内|海外|市场"),
]


def class_of(text: str) -> str:
    return next((name for name, pattern in CLASSES if re.search(pattern, text)), "other")


def tally(run: Path) -> dict[str, dict[str, Counter]]:
    """{"all"|"83-113": {"unmatched"|"in_divergence"|"matched": Counter(class)}} plus the texts per class."""
    out = {half: {kind: Counter() for kind in ("unmatched", "in_divergence", "matched")} for half in ("all", "83-113")}
    texts: dict[str, list[str]] = {}
    for row, case, claims in verified_claims(run):
        number = case_number(case.id)
        diverging = {(c["report_id"], c["text"]) for d in row["output"]["consensus"]["claim_divergences"]
                     for c in d["claims"]}
        halves = ["all", "83-113"] if number >= 83 else ["all"]
        for report_id, claim, matched in claims:
            kind = class_of(claim.text)
            for half in halves:
                if matched:
                    out[half]["matched"][kind] += 1
                    continue
                out[half]["unmatched"][kind] += 1
                out[half]["in_divergence"][kind] += (report_id, claim.text) in diverging
            if not matched:
                texts.setdefault(kind, []).append(f"{number} {claim.text}")
    out["texts"] = texts  # type: ignore[assignment]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--list", help="print the unmatched claims of this class")
    args = parser.parse_args()
    counts = tally(args.run)
    for half in ("all", "83-113"):
        c = counts[half]
        print(f"dev {half}: unmatched {sum(c['unmatched'].values())} (in a divergence "
              f"{sum(c['in_divergence'].values())}), matched {sum(c['matched'].values())}")
        for name in [n for n, _ in CLASSES] + ["other"]:
            print(f"  {name:16} unmatched {c['unmatched'][name]:3}  in divergence {c['in_divergence'][name]:2}  "
                  f"matched {c['matched'][name]:3}")
    if args.list:
        print("\n".join(counts["texts"].get(args.list, [])))


if __name__ == "__main__":
    main()
