"""Classification scorers: accuracy, macro-F1 and the confusion matrix; routing accuracy on top.

Labels are strings; a missing prediction is the label "（无）" so it counts as its own class.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

NONE_LABEL = "（无）"


def _labels(truth: Sequence[str | None], predicted: Sequence[str | None]) -> tuple[list[str], list[str]]:
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true labels but {len(predicted)} predictions")
    return [t if t is not None else NONE_LABEL for t in truth], [p if p is not None else NONE_LABEL for p in predicted]


def accuracy(truth: Sequence[str | None], predicted: Sequence[str | None]) -> float | None:
    t, p = _labels(truth, predicted)
    return sum(a == b for a, b in zip(t, p)) / len(t) if t else None


def macro_f1(truth: Sequence[str | None], predicted: Sequence[str | None],
             labels: Sequence[str] | None = None) -> float | None:
    """Mean F1 over classes (the true classes plus any predicted class, unless `labels` is given)."""
    t, p = _labels(truth, predicted)
    if not t:
        return None
    classes = list(labels) if labels is not None else sorted(set(t) | set(p))
    scores = []
    for c in classes:
        tp = sum(a == c and b == c for a, b in zip(t, p))
        fp = sum(a != c and b == c for a, b in zip(t, p))
        fn = sum(a == c and b != c for a, b in zip(t, p))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def confusion_matrix(truth: Sequence[str | None], predicted: Sequence[str | None],
                     labels: Sequence[str] | None = None) -> tuple[list[str], list[list[int]]]:
    """(labels, rows): rows[i][j] counts items of true class i predicted as class j."""
    t, p = _labels(truth, predicted)
    classes = list(labels) if labels is not None else sorted(set(t) | set(p))
    index = {c: i for i, c in enumerate(classes)}
    rows = [[0] * len(classes) for _ in classes]
    for a, b in zip(t, p):
        if a in index and b in index:
            rows[index[a]][index[b]] += 1
    return classes, rows


def route_correct(expected: Mapping, predicted: Mapping | None) -> float:
    """1 when the predicted tool is the expected one and every expected argument has the expected value."""
    if not predicted or predicted.get("tool") != expected.get("tool"):
        return 0.0
    args = predicted.get("args") or {}
    return float(all(args.get(k) == v for k, v in (expected.get("args") or {}).items()))


def routing_accuracy(expected: Sequence[Mapping], predicted: Sequence[Mapping | None]) -> float | None:
    if len(expected) != len(predicted):
        raise ValueError(f"{len(expected)} expected routes but {len(predicted)} predictions")
    return sum(route_correct(e, p) for e, p in zip(expected, predicted)) / len(expected) if expected else None
