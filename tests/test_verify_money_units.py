"""A forecast held in 亿元 is verified against a page that prints it in 百万元 or 万元 (issue 13)."""

from agents.summarize.models import EpsForecast, ReportViews
from agents.summarize.verify import check_views
from tools.report_fields import ExtractedFields

TABLE = "盈利预测（人民币百万元） 2024A 2025E 2026E\n营业收入 11,020 12,480 13,950\n归母净利润 1,306 1,512 1,730\nEPS（元） 0.95 1.10 1.26"


def _checked(row: EpsForecast) -> tuple[EpsForecast | None, list]:
    flagged: list = []
    views = check_views(ReportViews(eps_forecasts=[row]), {2: TABLE}, flagged, ExtractedFields())
    return (views.eps_forecasts[0] if views.eps_forecasts else None), flagged


def test_hundred_million_figures_match_a_million_yuan_table():
    row, flagged = _checked(EpsForecast(year="2025E", revenue=124.8, net_profit=15.12, eps=1.10, page=2))
    assert row is not None and (row.revenue, row.net_profit, row.eps) == (124.8, 15.12, 1.10)
    assert flagged == []


def test_a_figure_the_page_shows_at_no_scale_is_still_dropped():
    row, flagged = _checked(EpsForecast(year="2025E", revenue=130.0, net_profit=15.12, page=2))
    assert row is not None and row.revenue is None and row.net_profit == 15.12
    assert [p.reason for p in flagged] and "revenue" in flagged[0].text


def test_eps_is_never_rescaled():
    # 1.10 元 EPS must not be "found" as 110 or 11000 on the page
    row, flagged = _checked(EpsForecast(year="2025E", eps=0.1306, page=2))
    assert (row is None or row.eps is None) and flagged
