"""Paired bootstrap confidence intervals for metric deltas between two runs (seeded, reproducible).

Items are resampled with replacement, the same indices for both runs, and the metric recomputed on
each resample; the interval is the percentile interval of the deltas.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def bootstrap_delta(base: Sequence[T], run: Sequence[T], metric: Callable[[Sequence[T]], float | None], *,
                    resamples: int = 1000, seed: int = 0, confidence: float = 0.95) -> tuple[float, float] | None:
    """Interval of metric(run) - metric(base) over paired resamples; None when it cannot be computed."""
    if len(base) != len(run):
        raise ValueError("paired bootstrap needs the same items in both runs")
    n = len(base)
    if n == 0 or resamples < 1:
        return None
    rng = np.random.default_rng(seed)
    deltas = []
    for indices in rng.integers(0, n, size=(resamples, n)):
        a = metric([base[i] for i in indices])
        b = metric([run[i] for i in indices])
        if a is not None and b is not None:
            deltas.append(b - a)
    return _interval(np.asarray(deltas), confidence)


def bootstrap_mean_delta(base: Sequence[float | None], run: Sequence[float | None], *, resamples: int = 1000,
                         seed: int = 0, confidence: float = 0.95) -> tuple[float, float] | None:
    """The same for a mean of per-item values (None: not applicable), vectorized."""
    a = np.array([np.nan if v is None else v for v in base], dtype=float)
    b = np.array([np.nan if v is None else v for v in run], dtype=float)
    if len(a) != len(b):
        raise ValueError("paired bootstrap needs the same items in both runs")
    if len(a) == 0 or resamples < 1:
        return None
    indices = np.random.default_rng(seed).integers(0, len(a), size=(resamples, len(a)))
    with warnings.catch_warnings():  # an all-NaN resample warns; it is simply dropped
        warnings.simplefilter("ignore", category=RuntimeWarning)
        deltas = np.nanmean(b[indices], axis=1) - np.nanmean(a[indices], axis=1)
    return _interval(deltas[~np.isnan(deltas)], confidence)


def _interval(deltas: np.ndarray, confidence: float) -> tuple[float, float] | None:
    if deltas.size == 0:
        return None
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(deltas, [tail, 100 - tail])
    return float(low), float(high)

