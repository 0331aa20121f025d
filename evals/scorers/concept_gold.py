"""Scores of a concept chain against a labelled case (evals/labelled/README.md, "Recommended scoring").

- company recall / precision over A-share listings; a predicted A-share company that is neither gold
  nor a decoy counts against precision; `unverifiable` rows are neither rewarded nor penalized;
- node accuracy over the gold companies found (any listing): the predicted best node matches a node in
  `accept_as_best`, a predicted label matching a gold node when it equals its name or a vocabulary word;
- edge F1: predicted edges mapped through the same node matching, against all gold edges;
- decoys shown and invalid codes shown (both must be 0), and HK/US recall, scored on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.tickers import normalize_code

A_EXCHANGES = ("SH", "SZ", "BJ")


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


@dataclass
class ChainScores:
    scores: dict[str, float | None]
    notes: list[str] = field(default_factory=list)


def gold_nodes_matching(label: str, gold_nodes) -> set[str]:
    """Gold node ids whose name or a vocabulary word equals `label`."""
    key = _key(label)
    return {n.id for n in gold_nodes if key in {_key(w) for w in (n.name, *n.vocabulary)}}


def _code(raw: str | None) -> str | None:
    return normalize_code(raw) if raw else None


def score_chain(output: dict, case) -> ChainScores:
    """`output`: a ConceptChain as JSON; `case`: an evals.labelled.schema.ConceptCase."""
    gold = case.gold
    names = {n["id"]: n["name"] for n in output.get("nodes", [])}
    shown = [c for c in output.get("companies", []) if _code(c.get("code"))]
    by_code = {_code(c["code"]): c for c in shown}
    unverifiable = {_code(u.as_written) for u in gold.unverifiable} - {None}
    gold_a = {c.code for c in gold.companies if c.listing == "A"}
    gold_foreign = {c.code for c in gold.companies if c.listing != "A"}
    predicted_a = {code for code in by_code if code.endswith(A_EXCHANGES)} - unverifiable
    hits = predicted_a & gold_a
    notes = [f"漏掉 {c.name}({c.code})" for c in gold.companies if c.listing == "A" and c.code not in by_code]
    decoys = {d.code for d in gold.decoys}
    notes += [f"多出 {by_code[c]['name']}({c})" + ("（诱饵）" if c in decoys else "") for c in sorted(predicted_a - gold_a)]
    placed, correct = 0, 0
    for company in gold.companies:
        found = by_code.get(company.code)
        if found is None:
            continue
        placed += 1
        label = names.get(found.get("node"), found.get("node", ""))
        if gold_nodes_matching(label, gold.nodes) & set(company.accept_as_best):
            correct += 1
        else:
            notes.append(f"{company.name} 在“{label}”，应在 {'/'.join(company.accept_as_best)}")
    gold_edges = [(e.from_, e.to) for e in gold.edges]
    predicted_edges = [(names.get(e["source"], e["source"]), names.get(e["target"], e["target"]))
                       for e in output.get("edges", [])]
    unmatched, edge_hits = list(gold_edges), 0
    for source, target in dict.fromkeys(predicted_edges):
        sources, targets = gold_nodes_matching(source, gold.nodes), gold_nodes_matching(target, gold.nodes)
        match = next((g for g in unmatched if g[0] in sources and g[1] in targets), None)
        if match is not None:
            unmatched.remove(match)
            edge_hits += 1
    n_pred = len(set(predicted_edges))
    edge_p = edge_hits / n_pred if n_pred else None
    edge_r = edge_hits / len(gold_edges) if gold_edges else None
    edge_f1 = (2 * edge_p * edge_r / (edge_p + edge_r)) if edge_p and edge_r else (0.0 if gold_edges else None)
    notes += [f"漏边 {a} → {b}" for a, b in unmatched]
    invalid = {i.code for i in gold.invalid_codes} & set(by_code)
    scores = {
        "company_recall": len(hits) / len(gold_a) if gold_a else None,
        "company_precision": len(hits) / len(predicted_a) if predicted_a else None,
        "node_accuracy": correct / placed if placed else None,
        "edge_precision": edge_p,
        "edge_recall": edge_r,
        "edge_f1": edge_f1,
        "decoys_shown": float(len(decoys & set(by_code))),
        "invalid_codes_shown": float(len(invalid)),
        "hkus_recall": len(gold_foreign & set(by_code)) / len(gold_foreign) if gold_foreign else None,
    }
    return ChainScores(scores, notes)
