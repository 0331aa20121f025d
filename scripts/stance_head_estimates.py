"""Would a stance reader learned from labels, on a sentence encoder trained on other text, help the rules? (issue 13)

Examples: the dev gold claims (odd case ids only, scripts/stance_data.dev_claims: each claim's sentence and quote)
and the invented stance sets (evals/stance/). Each text is embedded by a local encoder (memory.embeddings: `use`,
the consensus's encoder, or `e5`) and a multinomial logistic regression with L2 is fitted in numpy (gradient descent
from zero, a fixed number of steps: deterministic). Two honest estimates:

- leave-one-CASE-out on dev: train on the other dev cases (sentences and quotes) + invented1–5, test on the held-out
  case's sentences;
- blind sets: train on dev + invented1–5, test on invented6 and invented7.

Each variant is read on the same items as the rules alone (stance_data.predict: the rule reader with the report's
outlook and industry, what the pipeline gives a kept claim). The rules were written against dev and against
invented6/7's misses, so their numbers here are optimistic; the classifier's are not.

    .venv/bin/python scripts/stance_head_estimates.py [--encoder use|e5] [--l2 0.001]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stance_data  # noqa: E402

CLASSES = ("positive", "negative", "neutral")
STEPS, RATE = 250, 2.0
TRAIN_SETS = ("invented", "invented2", "invented3", "invented4", "invented5")
BLIND_SETS = ("invented6", "invented7")
THRESHOLDS = (0.7, 0.8, 0.9)


def one_hot(labels: list[str]) -> np.ndarray:
    return np.eye(len(CLASSES))[[CLASSES.index(s) for s in labels]]


def fit(features: np.ndarray, labels: list[str], l2: float) -> np.ndarray:
    """Weights (d + 1, 3) of a softmax regression; Nesterov-accelerated gradient descent from zero, so the
    same data give the same weights."""
    x = np.hstack([features, np.ones((len(features), 1))])
    y = one_hot(labels)
    penalty = np.ones((x.shape[1], 1))
    penalty[-1] = 0.0  # the bias is not shrunk
    weights = ahead = np.zeros((x.shape[1], len(CLASSES)))
    t = 1.0
    for _ in range(STEPS):
        grad = x.T @ (probabilities(ahead, x, bias=False) - y) / len(x) + l2 * penalty * ahead
        step = ahead - RATE * grad
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        ahead = step + (t - 1) / t_next * (step - weights)
        weights, t = step, t_next
    return weights


def probabilities(weights: np.ndarray, features: np.ndarray, *, bias: bool = True) -> np.ndarray:
    x = np.hstack([features, np.ones((len(features), 1))]) if bias else features
    z = x @ weights
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def combined(p: np.ndarray, rules: list[str], how: str, threshold: float = 0.0) -> list[str]:
    """`clf`: the classifier alone; `neutral`: the classifier where the rules read neutral; `conf`: where its
    probability ≥ threshold."""
    out = []
    for row, rule in zip(p, rules):
        learned = CLASSES[int(row.argmax())]
        take = how == "clf" or (how == "neutral" and rule == "neutral") or (how == "conf" and row.max() >= threshold)
        out.append(learned if take else rule)
    return out


class Items:
    """Texts, gold stances, rule verdicts and report outlooks of a list of examples, with their vectors."""

    def __init__(self, texts, gold, rules, outlooks, vectors):
        self.texts, self.gold, self.rules, self.outlooks, self.vectors = texts, gold, rules, outlooks, vectors

    def features(self, with_rules: bool) -> np.ndarray:
        if not with_rules:
            return self.vectors
        return np.hstack([self.vectors, one_hot(self.rules), one_hot(self.outlooks)])

    @staticmethod
    def join(parts: list["Items"]) -> "Items":
        return Items(*(sum((getattr(p, f) for p in parts), []) for f in ("texts", "gold", "rules", "outlooks")),
                     np.vstack([p.vectors for p in parts]))


def load(encoder: str) -> tuple[dict[str, list[dict]], dict[str, list[dict]], dict[str, np.ndarray]]:
    from memory.embeddings import embed_local
    from tools.claims.stance import report_outlook

    dev: dict[str, list[dict]] = {}
    for row in stance_data.dev_claims():
        row["outlook"] = report_outlook(row["rating"], row["action"])
        for field in ("sentence", "quote"):
            row[f"rule_{field}"] = stance_data.predict(row[field], row["rating"], row["action"],
                                                       industry=row["industry"])
        dev.setdefault(row["case"], []).append(row)
    sets = {}
    for path in stance_data.INVENTED_SETS:
        sets[path.stem] = stance_data.invented(path)
        for row in sets[path.stem]:
            row["rule"] = stance_data.predict(row["text"], industry=row.get("industry"))
    texts = [r[f] for rows in dev.values() for r in rows for f in ("sentence", "quote")]
    texts = list(dict.fromkeys(texts + [r["text"] for rows in sets.values() for r in rows]))
    return dev, sets, dict(zip(texts, embed_local(encoder, texts)))


def dev_items(rows: list[dict], field: str, vectors: dict[str, np.ndarray]) -> Items:
    return Items([r[field] for r in rows], [r["stance"] for r in rows], [r[f"rule_{field}"] for r in rows],
                 [r["outlook"] for r in rows], np.array([vectors[r[field]] for r in rows]))


def invented_items(rows: list[dict], vectors: dict[str, np.ndarray]) -> Items:
    return Items([r["text"] for r in rows], [r["stance"] for r in rows], [r["rule"] for r in rows],
                 ["positive"] * len(rows), np.array([vectors[r["text"]] for r in rows]))


VARIANTS = [("rules", "conf", 2.0), ("classifier alone", "clf", 0.0), ("classifier where rules neutral", "neutral", 0.0)]
VARIANTS += [(f"classifier where p ≥ {p}", "conf", p) for p in THRESHOLDS]


def estimate(dev, sets, vectors, l2: float, with_rules: bool) -> None:
    invented_train = Items.join([invented_items(sets[s], vectors) for s in TRAIN_SETS])
    loco: dict[str, list[tuple[str, bool, bool]]] = {name: [] for name, _, _ in VARIANTS}
    per_case: dict[str, list[float]] = {name: [] for name, _, _ in VARIANTS}
    for case in sorted(dev):
        others = [r for c, rows in dev.items() if c != case for r in rows]
        train = Items.join([dev_items(others, "sentence", vectors), dev_items(others, "quote", vectors), invented_train])
        test = dev_items(dev[case], "sentence", vectors)
        p = probabilities(fit(train.features(with_rules), train.gold, l2), test.features(with_rules))
        for name, how, threshold in VARIANTS:
            got = combined(p, test.rules, how, threshold)
            hits = [(g, s == g, r == g) for s, r, g in zip(got, test.rules, test.gold)]
            loco[name] += hits
            per_case[name].append(float(np.mean([h for _, h, _ in hits])))
    every = [r for rows in dev.values() for r in rows]
    train = Items.join([dev_items(every, "sentence", vectors), dev_items(every, "quote", vectors), invented_train])
    weights = fit(train.features(with_rules), train.gold, l2)
    blind = {s: invented_items(sets[s], vectors) for s in BLIND_SETS}
    blind_p = {s: probabilities(weights, items.features(with_rules)) for s, items in blind.items()}
    print(f"features: {'vector + rule verdict + outlook' if with_rules else 'vector'}, L2 {l2}")
    for name, how, threshold in VARIANTS:
        hits = loco[name]
        fixed = sum(h and not r for _, h, r in hits)
        broke = sum(r and not h for _, h, r in hits)
        scores = [f"{s} {sum(np.array(combined(blind_p[s], blind[s].rules, how, threshold)) == np.array(blind[s].gold))}"
                  f"/{len(blind[s].gold)}" for s in BLIND_SETS]
        print(f"  {name:34} LOCO {sum(h for _, h, _ in hits)}/{len(hits)} = {np.mean([h for _, h, _ in hits]):.3f} "
              f"(case mean {np.mean(per_case[name]):.3f}; vs rules +{fixed} −{broke})  {'  '.join(scores)}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="use", choices=("use", "e5"))
    parser.add_argument("--l2", type=float, default=1e-3)
    args = parser.parse_args(argv)
    dev, sets, vectors = load(args.encoder)
    print(f"encoder {args.encoder}: {sum(map(len, dev.values()))} dev claims in {len(dev)} cases")
    for with_rules in (False, True):
        estimate(dev, sets, vectors, args.l2, with_rules)


if __name__ == "__main__":
    main(sys.argv[1:])
