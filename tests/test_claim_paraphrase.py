"""Metamorphic tests of claim reading: the same view worded the way different brokers word it must read the
same, and a view that differs in exactly one field (period, scope, direction, value, stance) must read
differently in that field.

Sentences are written for these tests in the style of Chinese sell-side reports (report-date-relative years,
pct / ppt, 百万元 tables, YoY, 分别…), not taken from the labelled aggregation set. The reports are dated 2025.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from tools.claims.compare import conflict
from tools.claims.metric_identity import same_metric
from tools.claims.extract import claim_from_text, split_metric
from tools.claims.facets import facets
from tests.support.claim_paraphrases import DIFFER, KNOWN_GAPS, SAME, TWO_METRICS

YEAR = 2025


def _claim(text: str):
    return claim_from_text(text, page=0, report_year=YEAR)


def _value(claim):
    v = claim.value
    return None if v is None else (v.min and round(v.min, 6), v.max and round(v.max, 6), v.unit, v.rate)


def _field(claim, name: str):
    return _value(claim) if name == "value" else getattr(claim, name)


def _facts(claim) -> list[tuple]:
    """Every clause's (quantity word, period, direction, value): what a two-metric sentence asserts."""
    out = []
    for f in facets(claim):
        v = f.value
        out.append((split_metric(f.metric)[0], f.period, f.direction,
                    None if v is None else (v.min, v.max, v.unit, v.rate)))
    return sorted(out, key=repr)





def _param(*values, id: str):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[id])] if id in KNOWN_GAPS else []
    return pytest.param(*values, id=id, marks=marks)


@pytest.mark.parametrize("sentences, fields, expected", [_param(s, f, e, id=i) for i, s, f, e in SAME])
def test_paraphrases_read_the_same(sentences, fields, expected):
    claims = [_claim(s) for s in sentences]
    for name, want in expected.items():
        assert [_field(c, name) for c in claims] == [want] * len(claims), name
    for a, b in combinations(claims, 2):
        for name in fields:
            if name == "metric":
                assert same_metric(a, b, company_report=True), (a.metric, b.metric)
            else:
                assert _field(a, name) == _field(b, name), (name, a.text, b.text)
        assert conflict(a, b, company_report=True) == [], (a.text, b.text)


@pytest.mark.parametrize("sentences", [pytest.param(s, id=i) for i, s in TWO_METRICS])
def test_two_metrics_in_one_sentence_read_the_same(sentences):
    claims = [_claim(s) for s in sentences]
    first = _facts(claims[0])
    assert len({f[0] for f in first}) == 2, first  # both quantities are read
    for other in claims[1:]:
        assert _facts(other) == first, other.text
    for a, b in combinations(claims, 2):
        assert conflict(a, b, company_report=True) == [], (a.text, b.text)


@pytest.mark.parametrize("one, other, field", [_param(a, b, f, id=i) for i, a, b, f in DIFFER])
def test_one_changed_field_reads_differently(one, other, field):
    a, b = _claim(one), _claim(other)
    if field == "scope":
        assert not same_metric(a, b, company_report=True), (a.metric, b.metric)
        assert conflict(a, b, company_report=True) == []  # different things: nothing to disagree on
        return
    assert same_metric(a, b, company_report=True), (a.metric, b.metric)
    if field == "period":
        assert a.period and b.period and a.period != b.period
        assert (a.direction, _value(a), a.stance) == (b.direction, _value(b), b.stance)
        return
    assert a.period == b.period
    if field == "direction":
        assert a.direction and b.direction and a.direction != b.direction
        assert conflict(a, b, company_report=True)
    elif field == "value":
        assert _value(a) != _value(b)
        assert "value" in conflict(a, b, company_report=True)
    else:
        assert {a.stance, b.stance} == {"positive", "negative"}
        assert "stance" in conflict(a, b, company_report=True)


def test_the_set_is_large_enough():
    assert len(SAME) + len(TWO_METRICS) + len(DIFFER) >= 40
