"""Style metrics on hand-computed cases, the fixed-scale scores, and the sample fixtures end to end."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tools.style_exposures import growth_score, load_attributes, load_holdings, next_quarter, size_score
from tools.style_metrics import concentration, drift, exposure, industry_tilt, style_metrics


def _holdings(rows):
    """rows: (period, code, weight[, value])."""
    cols = ["period", "code", "weight", "value"][: len(rows[0])]
    return pd.DataFrame(rows, columns=cols)


def _attributes(rows):
    """rows: (period, code, price, growth, size[, industry])."""
    cols = ["period", "code", "price", "growth", "size", "industry"][: len(rows[0])]
    return pd.DataFrame(rows, columns=cols)


def test_worked_example_from_the_docstring():
    # V is a value large cap (growth 0, size 1), G a growth small cap (growth 1, size 0).
    holdings = _holdings([("P1", "V", 0.5), ("P1", "G", 0.5), ("P2", "V", 0.2), ("P2", "G", 0.8)])
    attributes = _attributes([("P1", "V", 10.0, 0.0, 1.0), ("P1", "G", 10.0, 1.0, 0.0),
                              ("P2", "V", 10.0, 0.0, 1.0), ("P2", "G", 15.0, 1.0, 0.0),   # G +50 %
                              ("P3", "V", 11.0, None, None), ("P3", "G", 13.5, None, None)])  # V +10 %, G −10 %
    m = style_metrics(holdings, attributes)
    step = m.steps[0]
    assert step.passive_growth == pytest.approx(0.1) and step.passive_size == pytest.approx(-0.1)
    assert step.active_growth == pytest.approx(0.2) and step.active_size == pytest.approx(-0.2)
    assert step.magnitude == pytest.approx(0.4)
    assert step.turnover == pytest.approx(0.2)
    assert step.rotation_return == pytest.approx(-0.04)
    assert m.positive_rotation_share == 0.0
    assert [p.growth for p in m.periods] == [pytest.approx(0.5), pytest.approx(0.8)]


def test_pure_price_drift_shows_zero_active_rotation_even_when_scores_move():
    shares = {"A": 100.0, "B": 300.0, "C": 50.0}
    prices = {"P1": {"A": 10.0, "B": 4.0, "C": 30.0}, "P2": {"A": 14.0, "B": 3.1, "C": 33.0},
              "P3": {"A": 12.5, "B": 3.9, "C": 29.0}}
    rows = []
    for period in ("P1", "P2", "P3"):
        nav = sum(shares[c] * prices[period][c] for c in shares) / 0.9
        rows += [(period, c, shares[c] * prices[period][c] / nav, shares[c] * prices[period][c]) for c in shares]
    scores = {"P1": {"A": (0.2, 0.9), "B": (0.7, 0.3), "C": (0.5, 0.5)},
              "P2": {"A": (0.3, 0.95), "B": (0.6, 0.2), "C": (0.55, 0.5)},  # scores change with prices
              "P3": {"A": (0.25, 0.9), "B": (0.8, 0.25), "C": (0.5, 0.55)}}
    attributes = _attributes([(p, c, prices[p][c], *scores[p][c]) for p in prices for c in shares])
    m = style_metrics(_holdings(rows), attributes)
    assert len(m.steps) == 2
    for step in m.steps:
        assert step.active_growth == pytest.approx(0.0, abs=1e-12)
        assert step.active_size == pytest.approx(0.0, abs=1e-12)
        assert step.turnover == pytest.approx(0.0, abs=1e-12)
    assert m.steps[0].passive_growth != pytest.approx(0.0, abs=1e-3)  # the drift is all passive
    assert m.mean_magnitude == pytest.approx(0.0, abs=1e-12)
    # Nothing was rotated, so there is no rotation return to average (n/a, not +0.00 % with 0 % positive).
    assert m.steps[0].rotation_return is None and m.mean_rotation_return is None
    assert m.positive_rotation_share is None and m.untraded_steps == ["P2", "P3"]
    assert any("没有主动调仓" in n for n in m.notes) and not any("缺少下一期价格" in n for n in m.notes)


def test_full_switch_from_value_to_growth():
    holdings = _holdings([("P1", "V1", 0.45), ("P1", "V2", 0.45), ("P2", "G1", 0.3), ("P2", "G2", 0.6)])
    attributes = _attributes([(p, c, 10.0, g, s) for p in ("P1", "P2")
                              for c, g, s in (("V1", 0.0, 1.0), ("V2", 0.0, 1.0), ("G1", 1.0, 0.0), ("G2", 1.0, 0.0))])
    step = style_metrics(holdings, attributes).steps[0]
    assert (step.active_growth, step.active_size) == (pytest.approx(1.0), pytest.approx(-1.0))
    assert step.magnitude == pytest.approx(2.0)
    assert step.turnover == pytest.approx(1.0)


def test_missing_attributes_are_renormalized_and_reported():
    weights = pd.Series({"A": 0.5, "B": 0.3, "C": 0.2})
    e = exposure(weights, pd.Series({"A": 1.0, "B": 0.0}))  # C has no score
    assert e.value == pytest.approx(0.5 / 0.8) and e.coverage == pytest.approx(0.8)
    assert exposure(weights, pd.Series(dtype=float)).value is None

    holdings = _holdings([("P1", "A", 0.5), ("P1", "B", 0.3), ("P1", "C", 0.2),
                          ("P2", "A", 0.5), ("P2", "B", 0.3), ("P2", "C", 0.2)])
    scores = (("A", 1.0), ("B", None), ("C", None))
    attributes = _attributes([(p, c, 10.0, g, 0.5) for p in ("P1", "P2") for c, g in scores])
    m = style_metrics(holdings, attributes)
    assert m.periods[0].growth == pytest.approx(1.0) and m.periods[0].growth_coverage == pytest.approx(0.5)
    assert m.partial and any("缺少风格属性" in n for n in m.notes)


def test_drift_leaves_out_stocks_without_a_return():
    drifted, coverage = drift(pd.Series({"A": 0.6, "B": 0.4}), pd.Series({"A": 1.0}))
    assert coverage == pytest.approx(0.6) and drifted.to_dict() == {"A": pytest.approx(1.0)}


def test_single_period_is_a_clear_partial_result():
    holdings = _holdings([("2024Q4", "A", 0.6), ("2024Q4", "B", 0.3)])
    attributes = _attributes([("2024Q4", "A", 10.0, 0.8, 0.4), ("2024Q4", "B", 5.0, 0.2, 0.9)])
    m = style_metrics(holdings, attributes)
    assert m.steps == [] and m.mean_magnitude is None and m.partial
    assert any("只有一个报告期" in n for n in m.notes)
    assert m.periods[0].growth == pytest.approx((0.6 * 0.8 + 0.3 * 0.2) / 0.9)


def test_no_holdings_is_partial_not_a_crash():
    m = style_metrics(_holdings([(None, None, None)]).iloc[0:0], _attributes([("P1", "A", 1.0, 0.5, 0.5)]))
    assert m.partial and m.periods == [] and "没有股票持仓" in m.notes[0]


def test_concentration_and_industry_tilt():
    raw = pd.Series({f"S{i}": w for i, w in enumerate([0.1] * 5 + [0.05] * 7)})
    top10, hhi = concentration(raw)
    assert top10 == pytest.approx(0.75)  # five of 0.10 and five of 0.05
    w = raw / raw.sum()
    assert hhi == pytest.approx(float((w ** 2).sum()))
    tilt = industry_tilt(pd.Series({"A": 0.5, "B": 0.3, "C": 0.2}), pd.Series({"A": "银行", "B": "银行", "C": "电子"}),
                         pd.Series({"银行": 20.0, "电子": 60.0, "医药": 20.0}))
    assert tilt == {"银行": pytest.approx(0.6), "电子": pytest.approx(-0.4), "医药": pytest.approx(-0.2)}


def test_fixed_scale_scores():
    assert size_score(1188e8) == pytest.approx((math.log10(1188) - 1) / 3)
    assert size_score(5e8) == 0.0 and size_score(3e12) == 1.0 and size_score(None) is None
    expected = (math.log(1.5) / math.log(6) + 0.0 + 5 / 40) / 3
    assert growth_score(15, 0.9, 4, 6) == pytest.approx(expected)
    assert growth_score(-20, None, None, None) is None  # a loss-making stock with nothing else known
    assert growth_score(None, 8.0, None, None) == pytest.approx(1.0)


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    from tools.market_data import MarketData

    return MarketData(tmp_path_factory.mktemp("cache"), offline=True)


def _fixture_metrics(market, code):
    holdings, _ = load_holdings(market, code, [2024, 2025])
    periods = sorted(holdings["period"].unique())
    attributes, _ = load_attributes(market, holdings["code"], periods + [next_quarter(periods[-1])])
    return style_metrics(holdings, attributes)


def test_sample_funds_rotating_and_stable(market):
    stable = _fixture_metrics(market, "990002")  # constant share counts: pure price drift
    rotating = _fixture_metrics(market, "990001")  # growth book and value book in turn
    assert len(stable.steps) == 5 and stable.mean_magnitude < 1e-6
    assert all(s.turnover < 1e-6 for s in stable.steps)
    assert rotating.mean_magnitude > 0.5
    assert all(s.turnover == pytest.approx(1.0) for s in rotating.steps)  # no name in common
    signs = [s.active_growth > 0 for s in rotating.steps]
    assert signs == [False, True, False, True, False]  # value, growth, value, … from 2024Q1's growth book
    assert rotating.steps[-1].rotation_return is None  # no price after 2025Q2 in the fixtures
    assert any("缺少下一期价格" in n for n in rotating.notes)
