"""The structured side of a ConsensusReport against a labelled case's `gold.dispersion`: rating classes,
target-price statistics, each report's implied upside, and forecast min/max/mean/n per metric and year.
Tolerances follow evals/labelled/README.md: 0.01 on upside (in %), 0.0001 relative elsewhere. The gold's
std is the population one and ours the sample one, so std and cv are not compared."""

from __future__ import annotations

from evals.labelled.schema import AggCase

_CLASS = {"买入": "positive", "增持": "positive", "中性": "neutral", "减持": "negative", "卖出": "negative"}


def _close(a, b, rel: float = 1e-4) -> bool:
    return a is not None and b is not None and abs(a - b) <= rel * max(1.0, abs(b))


def score_numbers(consensus: dict, case: AggCase) -> tuple[dict[str, float | None], list[str]]:
    gold, wrong, scores = case.gold.dispersion, [], {}
    ids = {r.id: r.id for r in case.reports}
    votes = (consensus.get("rating_distribution") or {}).get("votes", [])
    got = {"positive": 0, "neutral": 0, "negative": 0}
    for v in votes:
        if v.get("bucket"):
            got[_CLASS[v["bucket"]]] += 1
    scores["rating_classes"] = float(got == gold["rating_class_counts"])
    if got != gold["rating_class_counts"]:
        wrong.append(f"评级分布 {got} ≠ {gold['rating_class_counts']}")
    actions = {v["report_id"]: v.get("action") for v in votes}
    expected = {r["report"]: r["action"] for r in gold["ratings"]}
    right = sum(1 for rid, act in expected.items() if (actions.get(rid) or "").startswith(act))
    scores["rating_actions"] = right / len(expected) if expected else None
    tp, gold_tp = consensus.get("target_price"), gold.get("target_price")
    if gold_tp is None:
        scores["target_price"] = 1.0 if tp is None else 0.0
    else:
        keys = ("n", "min", "max", "median")
        ok = [k for k in keys if tp is not None and _close(tp.get(k), gold_tp[k])]
        scores["target_price"] = len(ok) / len(keys)
        wrong += [f"目标价 {k}: {(tp or {}).get(k)} ≠ {gold_tp[k]}" for k in keys if k not in ok]
    ups = {u["report_id"]: u["upside"] * 100 for u in consensus.get("upside", [])}
    if gold["upside"]:
        ok = [u for u in gold["upside"] if ids.get(u["report"]) in ups and abs(ups[u["report"]] - u["upside_pct"]) <= 0.01 + 0.005]
        scores["upside"] = len(ok) / len(gold["upside"])
        wrong += [f"上行空间 {u['report']}: {ups.get(u['report'])} ≠ {u['upside_pct']}" for u in gold["upside"] if u not in ok]
    else:
        scores["upside"] = None
    stats = {(s["metric"], s["year"]): s for s in consensus.get("eps_dispersion", []) + consensus.get("forecast_dispersion", [])}
    facts = 0
    right = 0
    for f in gold["forecasts"]:
        s = stats.get((f["metric"], f["period"]))
        for k in ("n", "min", "max", "mean"):
            facts += 1
            if s is not None and _close(s.get(k), f[k], 1e-3 if k == "mean" else 1e-4):
                right += 1
            else:
                wrong.append(f"预测 {f['metric']} {f['period']} {k}: {(s or {}).get(k)} ≠ {f[k]}")
    scores["forecasts"] = right / facts if facts else None
    return scores, wrong
