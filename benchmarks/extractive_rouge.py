"""Which offline summarizer to ship: the engine against LEAD, random sentences and the previous TextRank/MMR
ranking, at equal length, by character ROUGE-L F1 against the author's own cover summary (issue 13).

    .venv/bin/python -m benchmarks.extractive_rouge [--split dev|report|all] [--resamples 2000]
    .venv/bin/python -m benchmarks.extractive_rouge --check   # the CI gate (`make eval`): exit 1 below the floors

Documents: every report whose cover has a summary (投资要点/核心观点/摘要…, under a heading or after an inline
label, or read by the cover's structure whatever its heading: tools.extractive.cover; the covers a heading finds
are also reported on their own): the layout corpus (data/layout_corpus), the bundled samples
(data/samples/reports), the written reports of the labelled aggregation set (agg-39..50 were written blind to
this engine, each with a cover summary in its author's words), and the seeds (/work/shared/seeds, when
present). Reference = the cover's summary; input = the other pages (the cover set aside, or the task is
copying); a body under twice the reference's length, or of fewer than 4 sentences, is no summarisation task
and is left out. Split by a hash of the document id: even → dev (what the method, budget and signals were
chosen on), odd → report (what is quoted). Every method fills the same budget, so they compare at equal
length (lengths are printed in the budget's unit, non-whitespace characters). Bootstrap over documents gives
95 % intervals for the ratios of mean F1.

The floors (≥ 1.25× LEAD and random with intervals above 1, lengths within ±30 % of the budget, no sentence
repeated across sections) are the `extractive:` section of evals/thresholds.yaml. `--check` measures the split it
names, checks the drafts of every document, prints each floor met or missed and exits 1 when one is missed; it
writes no results file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
from pathlib import Path

from tools.extractive.cover import body_pages, cover_summary, headed_summary
from evals.thresholds import EPSILON, ExtractiveGates, load_extractive_gates
from tools.extractive.select import Budget, budget_for, lead, random_pick, select_summary, textrank_pick
from tools.sentence_rank import collect_sentences
from tools.text import squash

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path("/work/shared/seeds")
RESULTS = REPO / "benchmarks" / "results" / "extractive_rouge.json"
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
MIN_COMPRESSION = 2.0  # input at least twice the reference


def _chars(text: str) -> list[str]:
    return [c for c in text if _KEEP.match(c)]


def rouge_l_chars(candidate: str, reference: str) -> float:
    """Character ROUGE-L F1 (letters, digits and CJK only)."""
    from evals.scorers.rouge import lcs_length

    a, b = _chars(candidate), _chars(reference)
    if not a or not b:
        return 0.0
    lcs = lcs_length(a, b)
    p, r = lcs / len(a), lcs / len(b)
    return 2 * p * r / (p + r) if p + r else 0.0


def documents() -> list[tuple[str, list[tuple[int, str]]]]:
    from evals.labelled.schema import load_aggregation
    from tools.documents import iter_document_paths, load_document

    out = []
    paths = [*sorted((REPO / "data" / "layout_corpus").glob("*.pdf")),
             *iter_document_paths([REPO / "data" / "samples" / "reports"]),
             *(sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])]
    for path in paths:
        try:
            doc = load_document(path)
        except Exception as problem:  # one unreadable file is reported, not fatal
            print(f"跳过 {path.name}：{problem}", file=sys.stderr)
            continue
        out.append((path.name, [(p.number, p.text) for p in doc.pages]))
    for case in load_aggregation():
        for r in case.reports:
            if r.pages is not None:
                out.append((f"{case.id}/{r.id}", [(p.page, p.text) for p in r.pages]))
    return out


def split_of(doc_id: str) -> str:
    return "dev" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "report"


def _text(sentences) -> str:
    return "".join(s.text for s in sentences)


def evaluate(docs, budget: Budget, seeds: int = 5) -> list[dict]:
    rows = []
    for doc_id, pages in docs:
        reference = _text(cover_summary(pages))
        body = body_pages(pages)
        pool = collect_sentences(body).candidates
        input_chars = sum(len(_chars(s.text)) for s in pool)
        if len(reference) < 20 or len(pool) < 4 or input_chars < MIN_COMPRESSION * len(_chars(reference)):
            continue  # a body no longer than its summary leaves nothing to choose
        limit = budget_for(pool, budget)
        picks = {"engine": select_summary(body, limit), "lead": lead(body, limit),
                 "textrank": textrank_pick(body, limit)}
        row = {"doc": doc_id, "budget": limit, "reference_chars": len(_chars(reference)), "input_chars": input_chars,
               "cover": "heading" if headed_summary(min(pages)) else "structure"}
        for name, chosen in picks.items():
            row[name] = rouge_l_chars(_text(chosen), reference)
            row[f"{name}_chars"] = len(squash(_text(chosen)))  # the budget's unit: non-whitespace characters
        randoms = [_text(random_pick(body, limit, seed)) for seed in range(seeds)]
        row["random"] = statistics.fmean(rouge_l_chars(text, reference) for text in randoms)
        row["random_chars"] = statistics.fmean(len(squash(text)) for text in randoms)
        rows.append(row)
    return rows


def bootstrap_ratio(rows: list[dict], a: str, b: str, resamples: int, seed: int) -> tuple[float, float, float]:
    rng = random.Random(seed)
    point = statistics.fmean(r[a] for r in rows) / max(1e-9, statistics.fmean(r[b] for r in rows))
    ratios = []
    for _ in range(resamples):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        ratios.append(statistics.fmean(r[a] for r in sample) / max(1e-9, statistics.fmean(r[b] for r in sample)))
    ratios.sort()
    return point, ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


def report(rows: list[dict], gates: ExtractiveGates, title: str, resamples: int | None = None) -> dict:
    print(f"\n### {title}: {len(rows)} 篇\n")
    if not rows:
        return {"n": 0, "gate_met": False}
    means = {m: statistics.fmean(r[m] for r in rows) for m in ("engine", "lead", "random", "textrank")}
    within = sum(_within(r["engine_chars"], r["budget"], gates) for r in rows)
    ratios = {b: bootstrap_ratio(rows, "engine", b, resamples or gates.resamples, gates.seed)
              for b in ("lead", "random", "textrank")}
    print("| 方法 | ROUGE-L F1（字符） |\n| --- | --- |")
    for m, v in means.items():
        print(f"| {m} | {v:.3f} |")
    print("\n| 比值 | 点估计 | 95% 区间 |\n| --- | --- | --- |")
    for b, (p, lo, hi) in ratios.items():
        print(f"| engine / {b} | {p:.2f} | [{lo:.2f}, {hi:.2f}] |")
    lengths = {m: statistics.fmean(r[f"{m}_chars"] / r["budget"] for r in rows) for m in means}
    print("\n平均长度 / 预算：" + "，".join(f"{m} {v:.2f}" for m, v in lengths.items()))
    print(f"\n长度在预算 ±30% 内：{within}/{len(rows)}；预算均值 {statistics.fmean(r['budget'] for r in rows):.0f} 字，"
          f"参考摘要均值 {statistics.fmean(r['reference_chars'] for r in rows):.0f} 字，"
          f"输入均值 {statistics.fmean(r['input_chars'] for r in rows):.0f} 字")
    out = {"n": len(rows), "means": means, "ratios": {b: list(v) for b, v in ratios.items()},
           "within_budget": within, "length_over_budget": lengths}
    floors = "，".join(f"{b} ≥ {v:g}×" for b, v in gates.min_ratio.items())
    out["gate_met"] = not ratio_failures(out, gates)
    print(f"\n门槛（{floors}，区间下界 > {gates.ci_low_above:g}）：{'达到' if out['gate_met'] else '未达到'}")
    return out


def _within(chars: float, budget: int, gates: ExtractiveGates) -> bool:
    return abs(chars - budget) <= gates.length_tolerance * budget + EPSILON


def ratio_failures(split: dict, gates: ExtractiveGates) -> list[str]:
    failures = []
    for base, floor in gates.min_ratio.items():
        point, low, _ = split["ratios"][base]
        if point < floor - EPSILON:
            failures.append(f"engine/{base} = {point:.3f} < {floor:g}")
        if low <= gates.ci_low_above:
            failures.append(f"engine/{base} 的 95% 区间下界 {low:.3f} ≤ {gates.ci_low_above:g}")
    return failures


def gate_failures(split: dict, drafts: dict, gates: ExtractiveGates) -> list[str]:
    """Every floor of `gates` the split's measurement (`report`) and the drafts' checks (`draft_checks`) miss."""
    if split["n"] < gates.min_documents:
        return [f"{gates.split} 集只有 {split['n']} 篇可评，少于 {gates.min_documents} 篇"]
    failures = ratio_failures(split, gates)
    for what, within, n in (("引擎摘要", split["within_budget"], split["n"]),
                            ("草稿的排序摘要", drafts["ranked_within_budget"], drafts["ranked"])):
        if within < gates.min_within_budget * n - EPSILON:
            failures.append(f"{what}长度在预算 ±{gates.length_tolerance:.0%} 内 {within}/{n}，"
                            f"需 ≥ {gates.min_within_budget:.0%}")
    if drafts["repeated_sentences"] > gates.max_repeated_sentences:
        failures.append(f"跨栏目重复句 {drafts['repeated_sentences']} > {gates.max_repeated_sentences}")
    return failures


def draft_checks(docs, gates: ExtractiveGates) -> dict:
    """On every document, the shipped draft and the draft whose 摘要 is ranked even where the cover has its
    own: sentences repeated across 摘要/核心观点/风险提示 (must be 0 in both), and the ranked 摘要's length
    against its budget."""
    from agents.summarize.extractive import extractive_draft
    from agents.summarize.models import ReportMeta
    from tools.citations import MARKER

    repeated, covered, within = 0, 0, 0
    for doc_id, pages in docs:
        covered += bool(cover_summary(pages))
        limit = budget_for(collect_sentences(pages).candidates)
        for use_cover in (True, False):
            draft = extractive_draft(pages, ReportMeta(report_id=doc_id, title=""), use_cover=use_cover)
            repeated += _repeats(draft)
        within += _within(len(squash(MARKER.sub("", draft.summary))), limit, gates)
    print(f"\n全部 {len(docs)} 篇（{covered} 篇用封面摘要）：跨栏目重复句 {repeated}；"
          f"排序摘要长度在预算 ±30% 内 {within}/{len(docs)} 篇")
    return {"documents": len(docs), "cover_summaries": covered, "repeated_sentences": repeated,
            "ranked": len(docs), "ranked_within_budget": within}


def _repeats(draft) -> int:
    """Sentences of a section that repeat (or contain, or lie inside) one of an earlier section, compared on
    letters, digits and CJK only."""
    from tools.citations import MARKER
    from tools.text import split_sentences

    sections = [split_sentences(MARKER.sub("", draft.summary)), [p.text for p in draft.core_arguments],
                [p.text for p in draft.risks]]
    seen: list[str] = []
    count = 0
    for section in sections:
        keys = [k for k in ("".join(_chars(t)) for t in section) if k]
        count += sum(1 for k in keys if any(k in u or u in k for u in seen))
        seen += keys
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "report", "all"], default="all")
    parser.add_argument("--resamples", type=int, help="bootstrap resamples (default: evals/thresholds.yaml)")
    parser.add_argument("--ratio", type=float, default=Budget().ratio)
    parser.add_argument("--check", action="store_true",
                        help="the gate: measure the split evals/thresholds.yaml names, exit 1 below its floors")
    args = parser.parse_args(argv)
    try:
        gates = load_extractive_gates()
    except ValueError as problem:
        print(problem, file=sys.stderr)
        sys.exit(2)
    budget = Budget(ratio=args.ratio)
    docs = documents()
    if args.check:
        check(docs, budget, gates)
        return
    out = {"budget": vars(budget) if hasattr(budget, "__dict__") else str(budget)}
    for split in (["dev", "report"] if args.split == "all" else [args.split]):
        rows = evaluate([d for d in docs if split_of(d[0]) == split], budget)
        out[split] = report(rows, gates, f"{split} 集", args.resamples) | {"rows": rows}
        # The covers a heading word finds (the set before covers were also read by structure), on their own.
        headed = [r for r in rows if r["cover"] == "heading"]
        if headed and len(headed) < len(rows):
            out[split]["heading_covers_only"] = report(headed, gates, f"{split} 集，仅标题可识别的封面摘要", args.resamples)
    out["drafts"] = draft_checks(docs, gates)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")


def check(docs, budget: Budget, gates: ExtractiveGates) -> None:
    """The gate: the split's ratios and lengths, the drafts of every document; exit 1 when a floor is missed."""
    split = report(evaluate([d for d in docs if split_of(d[0]) == gates.split], budget), gates, f"{gates.split} 集")
    failures = gate_failures(split, draft_checks(docs, gates), gates)
    for line in failures:
        print(f"未达门槛：{line}")
    if failures:
        sys.exit(1)
    print(f"抽取式引擎门槛全部达到（evals/thresholds.yaml extractive，{gates.split} 集 {split['n']} 篇）")


if __name__ == "__main__":
    main()
