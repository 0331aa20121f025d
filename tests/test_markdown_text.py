"""Document text in the Markdown we write is text, not markup; front matter is metadata, not prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agents.summarize.models import CitedPoint, ReportSummary
from agents.summarize.render import render_summary
from tools.markdown_text import md_text
from tools.sentence_rank import collect_sentences

SEED = Path("/work/shared/seeds/003_500579465bbf0d78.txt")


def test_markup_characters_are_escaped_and_citations_kept():
    assert md_text("**也就是说**，A_B[page::0]。") == "\\*\\*也就是说\\*\\*，A\\_B[page::0]。"
    assert md_text("见[链接](http://x)<img src=x>") == "见\\[链接\\](http://x)\\<img src=x\\>"
    assert md_text("[page::3][page::12]") == "[page::3][page::12]"


def test_a_summary_of_a_web_export_opens_no_emphasis_link_or_tag():
    summary = ReportSummary(report_id="ab12cd", source="x.txt", page_count=1, title="**标题**",
                            summary="**也就是说，量化交易[page::0]。见[这里](http://evil.example)[page::0]。",
                            core_arguments=[CitedPoint(text="<img src=http://evil.example/p.png>观点", pages=[0])])
    md = render_summary(summary)
    assert "# \\*\\*标题\\*\\*" in md
    assert "\\*\\*也就是说，量化交易[page::0]。" in md
    assert not re.search(r"(?<!\\)\]\(http", md) and not re.search(r"(?<!\\)<img", md)


def test_front_matter_is_not_a_candidate_sentence():
    page = ('---\ntitle: "宋清辉：DeepSeek为何出自量化基金公司"\ndate: "2025-02-08 11:50:02"\n'
            'summary: "本文共1480字阅读完约4分钟，市场对量化交易的争议声再起…"\n---\n\n'
            "DeepSeek的创始人梁文锋近期一战成名，也让市场对量化交易的争议声再起。\n\n"
            "相较于传统交易，量化交易具有诸多优势，不少大型金融机构都已采用量化交易进行投资决策。")
    texts = [s.text for s in collect_sentences([(0, page)]).candidates]
    assert texts and not any(t.startswith(("title:", "summary:", "date:")) for t in texts)
    assert any(t.startswith("DeepSeek的创始人") for t in texts)


@pytest.mark.skipif(not SEED.exists(), reason="the seeds live outside the repository")
def test_the_seed_web_export_keeps_its_front_matter_out_of_the_candidates():
    from tools.documents import load_document

    pages = [(p.number, p.text) for p in load_document(SEED).pages]
    assert not any(s.text.lstrip().startswith(("title:", "summary:")) for s in collect_sentences(pages).candidates)


def test_bold_markers_at_a_sentence_edge_are_not_part_of_the_sentence():
    page = ("**另一方面，当前A股市场机构投资者少、散户投资者多，这种格局很容易被量化交易所利用。"
            "也就是说，看似活跃的成交数据可能并不真正是投资者交易的结果。**")
    texts = [s.text for s in collect_sentences([(0, page)]).candidates]
    assert texts and all("**" not in t for t in texts)
    assert all(t.rstrip("。") in page for t in texts)  # still verbatim


def test_consensus_markdown_shows_a_quoted_view_as_text():
    from agents.consensus.models import ConsensusReport, TopicPoint, TopicView
    from agents.consensus.render import render_markdown

    point = TopicPoint(broker="甲证券", report_id="ab12", kind="argument", stance="positive", pages=[1],
                       text="**储能毛利率**有望保持在25%以上 | 见[这里](http://evil.example)")
    report = ConsensusReport(subject="宁德时代", topics=[TopicView(topic="储能", status="consensus", stance="positive",
                                                                brokers=["甲证券"], points=[point])])
    md = render_markdown(report)
    assert "\\*\\*储能毛利率\\*\\*有望保持在25%以上 \\| 见\\[这里\\](http://evil.example)" in md
