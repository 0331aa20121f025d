"""Summary file names never invent what the report does not say (a seed strategy report has no date)."""

from agents.summarize.index_files import file_stem
from agents.summarize.models import ReportSummary


def test_an_undated_report_is_named_undated_not_a_made_up_date():
    summary = ReportSummary(report_id="c9ef37", source="x.txt", page_count=15, title="LLM 破局 Alpha 困境，拥抱 Beta 大时代",
                            broker="国金证券", date=None)
    assert file_stem(summary) == "日期未知_国金证券_LLM_破局_Alpha_困境，拥抱_Beta_大时代_c9ef37"
