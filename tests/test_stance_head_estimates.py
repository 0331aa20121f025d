"""The learned stance reader measured against the rules (scripts/stance_head_estimates.py): its fit and how a
variant combines it with the rule verdict."""

import numpy as np

from scripts import stance_head_estimates as heads


def _toy():
    # three directions of a 4-d space, one per class, with a little spread
    rng = np.random.default_rng(0)
    centres = np.eye(4)[:3]
    labels = ["positive", "negative", "neutral"] * 20
    features = np.array([centres[heads.CLASSES.index(s)] for s in labels]) + 0.1 * rng.standard_normal((60, 4))
    return features, labels


def test_fit_separates_clear_classes():
    features, labels = _toy()
    p = heads.probabilities(heads.fit(features, labels, 1e-3), np.eye(4)[:3])
    assert [heads.CLASSES[i] for i in p.argmax(axis=1)] == ["positive", "negative", "neutral"]
    assert p.shape == (3, 3) and np.allclose(p.sum(axis=1), 1.0)


def test_fit_is_deterministic():
    features, labels = _toy()
    assert np.array_equal(heads.fit(features, labels, 1e-3), heads.fit(features, labels, 1e-3))


def test_combined_takes_the_classifier_only_where_the_variant_says():
    p = np.array([[0.95, 0.03, 0.02], [0.1, 0.6, 0.3]])
    rules = ["negative", "neutral"]
    assert heads.combined(p, rules, "clf") == ["positive", "negative"]
    assert heads.combined(p, rules, "neutral") == ["negative", "negative"]
    assert heads.combined(p, rules, "conf", 0.9) == ["positive", "neutral"]
