"""Periods as intervals of months (session 8, from the wave-2 dev cases, in paraphrase): a year to date is not
the year, a quarter never meets its year, a report's cover date tells a quarter already reported from one still
ahead, and a track record over past years is not a view."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text, extract_claims
from tools.claims.periods import months_of, period_of


def _claim(text: str, year: int = 2024):
    return claim_from_text(text, 0, year)


@pytest.mark.parametrize(("text", "period"), [
    ("2024年1-8月国内钢材均价约3,900元/吨，同比下降约9%", "2024M8"),
    ("前两季度公司收入同比增长12%", "2024M6"),
    ("2024年前三季度归母净利润同比增长5%", "2024M9"),
    ("今年前10个月累计出货量约30万台", "2024M10"),
    ("四季度出货量有望环比提升", "2024Q4"),
])
def test_a_year_to_date_is_its_months_not_the_year(text, period):
    assert period_of(text, report_year=2024) == period


def test_periods_are_month_intervals():
    assert months_of("2024E") == (2024 * 12, 2024 * 12 + 11)
    assert months_of("2024Q3") == (2024 * 12 + 6, 2024 * 12 + 8)
    assert months_of("2024H2") == (2024 * 12 + 6, 2024 * 12 + 11)
    assert months_of("2024M9") == (2024 * 12, 2024 * 12 + 8)
    assert months_of("2024-2026E") == (2024 * 12, 2026 * 12 + 11)
    assert months_of(None) is None and months_of("近年") is None


def test_a_quarter_never_meets_its_year():
    quarter = _claim("我们预计四季度出货量同比下降约6%，渠道库存偏高。")
    year = _claim("我们预计全年出货量同比增长约2%。")
    assert conflict(quarter, year) == []  # both can hold: a weak quarter in a growing year
    # a half carries most of its year: its move still meets the year's
    assert "direction" in conflict(_claim("我们预计下半年毛利率将明显改善。"), _claim("我们预计全年毛利率承压下滑。"))
    # the same quarter on both sides still conflicts
    assert "direction" in conflict(quarter, _claim("四季度出货量有望恢复同比增长。"))


def test_a_year_to_date_figure_meets_no_full_year_forecast():
    ytd = _claim("2024年1-8月国内钢材均价约3,900元/吨，同比下降约9%。")
    assert conflict(ytd, _claim("我们预计全年钢材均价将企稳回升至4,300元/吨。")) == []


def _pages(date: str, *body: str) -> list[tuple[int, str]]:
    return [(0, f"某某证券 | 公司点评\n示例公司（600000.SH）\n{date}\n买入（维持）\n"), (1, "\n".join(body))]


def test_the_cover_date_tells_a_quarter_reported_from_one_ahead():
    body = ("三季度订单短期承压，但结构改善支撑盈利。", "四季度订单有望环比回暖。")
    after = [c.text for c in extract_claims(_pages("2024年11月05日", *body), report_year=2024)]
    assert not any(t.startswith("三季度") for t in after)  # over by November: a result
    assert any(t.startswith("四季度") for t in after)
    before = [c.text for c in extract_claims(_pages("2024年08月20日", *body), report_year=2024)]
    assert any(t.startswith("三季度") for t in before)  # in August the quarter is still ahead


@pytest.mark.parametrize(("text", "kept"), [
    ("公司以经营现金流为基础确定派息水平，近三年每股派息保持稳定增长。", False),
    ("过去五年公司毛利率稳步提升。", False),
    ("近三年每股派息稳步增长，我们预计2025年派息率将继续提升。", True),  # it looks ahead
])
def test_a_track_record_over_past_years_is_not_a_view(text, kept):
    claims = extract_claims([(0, "某某证券\n示例公司\n"), (1, text)], report_year=2024)
    assert bool(claims) is kept


def test_a_lens_naming_a_past_period_dates_the_sentence():
    body = "从前三季度数据看，公司毛利率同比提升约1个百分点，尚未看到原料涨价对盈利的拖累。"
    kept = [c.text for c in extract_claims(_pages("2024年11月05日", body), report_year=2024)]
    assert kept == []  # the quarters are over: a result read through a lens, with a comment on it
    ahead = [c.text for c in extract_claims(_pages("2024年11月05日", "从四季度订单看，公司毛利率有望继续提升。"),
                                            report_year=2024)]
    assert ahead
