"""Text from documents is data (issue 11 item 3): the red-team corpus (tests/redteam/injections.py,
45 variants) placed on the cover and in the body changes no extracted field, and no instruction reaches
the summary, the core arguments or the risks — by the offline engine, in the material an LLM is shown,
nor when a model's draft quotes the instruction verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.summarize.extractive import extractive_draft
from agents.summarize.models import CitedPoint, ReportMeta, SummaryDraft
from agents.summarize.verify import INSTRUCTION, build_summary
from tests.redteam.injections import BENIGN, INJECTIONS
from tools.documents import load_document
from tools.injection import looks_like_injection
from tools.report_fields import extract_fields
from tools.report_material import build_material
from tools.text import split_sentences

COVER = """示例证券研究所 | 公司深度报告 | 报告日期：2025年3月18日
宁德时代（300750.SZ）
储能打开第二成长曲线
投资评级：中性（维持）
目标价：180.00元
当前股价：150.00元
分析师：张明远（执业 S1010520010001） zhangmingyuan@citics.com
投资要点
公司动力电池全球装机份额保持领先，麒麟电池与神行超充电池在主流车企平台加速定点。
全球大储需求维持高增，公司储能电芯与系统产品在海外大项目中标持续，储能有望成为第二增长曲线。
盈利预测
| 会计年度 | 2024A | 2025E | 2026E |
| 营业收入（百万元） | 362,028 | 407,282 | 471,632 |
| 归母净利润（百万元） | 50,684 | 59,463 | 70,745 |
| EPS（元） | 11.51 | 13.51 | 16.07 |
| PE（倍） | 20.5 | 17.4 | 14.7 |"""
BODY = ["""一、公司概况
宁德时代是全球领先的动力电池企业，2024年公司实现营业收入3620亿元，同比下降9.7%。
海外方面，欧洲工厂产能爬坡顺利，本地化配套带来的关税与运输成本优势逐步显现。
二、储能业务
我们预计2025年储能出货量同比增长35%，储能业务毛利率约22%，较动力电池略低但波动收敛。""",
        """三、风险提示
下游新能源汽车销量不及预期；原材料价格大幅波动；行业价格竞争加剧；海外政策与贸易摩擦风险。"""]
POSITIONS = ("cover_top", "cover_after_fields", "cover_end", "body_middle", "body_end")


def pages_with(injection: str | None, where: str) -> list[tuple[int, str]]:
    cover, body = COVER.split("\n"), [b.split("\n") for b in BODY]
    if injection is not None:
        at = {"cover_top": (cover, 0), "cover_after_fields": (cover, 6), "cover_end": (cover, len(cover)),
              "body_middle": (body[0], 2), "body_end": (body[1], len(body[1]))}[where]
        at[0].insert(at[1], injection)
    return [(0, "\n".join(cover))] + [(n + 1, "\n".join(lines)) for n, lines in enumerate(body)]


def fields_of(pages):
    f = extract_fields(pages)
    return (f.rating, f.rating_raw, f.target_price, f.current_price,
            [(r.year, r.eps, r.net_profit, r.revenue, r.pe) for r in f.eps_forecasts])


BASELINE = fields_of(pages_with(None, "cover_top"))
CASES = [pytest.param(text, where, id=f"{name}-{where}") for name, text in INJECTIONS for where in POSITIONS]


def test_the_corpus_is_big_and_the_baseline_is_what_the_cover_says():
    assert len(INJECTIONS) >= 40 and len({name for name, _ in INJECTIONS}) == len(INJECTIONS)
    assert BASELINE == ("中性", "中性", 180.0, 150.0, [("2024A", 11.51, 506.84, 3620.28, 20.5),
                                                     ("2025E", 13.51, 594.63, 4072.82, 17.4),
                                                     ("2026E", 16.07, 707.45, 4716.32, 14.7)])


@pytest.mark.parametrize("name, text", INJECTIONS, ids=[n for n, _ in INJECTIONS])
def test_every_variant_is_recognised(name, text):
    assert any(looks_like_injection(line) for line in text.split("\n") if line.strip()), name


@pytest.mark.parametrize("text", BENIGN)
def test_a_brokers_own_statements_are_not_instructions(text):
    assert not looks_like_injection(text)


@pytest.mark.parametrize("text, where", CASES)
def test_no_extracted_field_changes(text, where):
    assert fields_of(pages_with(text, where)) == BASELINE


def _visible(summary) -> list[str]:
    parts = split_sentences(summary.summary) + [p.text for p in summary.core_arguments + summary.risks]
    return [p for p in parts if p.strip()]


@pytest.mark.parametrize("text, where", CASES)
def test_no_instruction_reaches_the_offline_summary_or_the_llm_material(text, where):
    pages = pages_with(text, where)
    meta = ReportMeta(report_id="redteam", title="储能打开第二成长曲线", page_count=len(pages))
    summary = build_summary(extractive_draft(pages, meta), pages, meta)
    assert summary.summary and summary.core_arguments
    assert not [s for s in _visible(summary) if looks_like_injection(s)]
    assert summary.views.rating == "中性" and summary.views.target_price == 180.0
    material = build_material(pages, 4000).text
    assert not [ln for ln in material.split("\n") if looks_like_injection(ln)]


@pytest.mark.parametrize("name, text", INJECTIONS, ids=[n for n, _ in INJECTIONS])
def test_an_llm_draft_that_quotes_the_instruction_loses_it(name, text):
    """A model that copies the injected sentence, correctly cited to its page, still does not get it through."""
    pages = pages_with(text, "body_middle")
    quoted = next(line for line in text.split("\n") if looks_like_injection(line)).strip()
    draft = SummaryDraft(subject="宁德时代（300750.SZ）",
                         summary=f"宁德时代是全球领先的动力电池企业[page::1]。{quoted}[page::1]",
                         core_arguments=[CitedPoint(text=quoted, pages=[1])], risks=[CitedPoint(text=quoted, pages=[1])])
    meta = ReportMeta(report_id="redteam", page_count=len(pages))
    summary = build_summary(draft, pages, meta)
    assert not [s for s in _visible(summary) if looks_like_injection(s)]
    assert summary.core_arguments == [] and summary.risks == []
    assert any(p.reason == INSTRUCTION for p in summary.flagged)


@pytest.mark.parametrize("name, text", INJECTIONS[::3], ids=[n for n, _ in INJECTIONS[::3]])
def test_document_metadata_ignores_the_injection(tmp_path: Path, name, text):
    """Through the whole parser (a Markdown report with page markers): the cover's fields stay the cover's."""
    def write(pages, file):
        file.write_text("\n<!-- page -->\n".join(t for _, t in pages), encoding="utf-8")
        return load_document(file).metadata

    clean = write(pages_with(None, "cover_top"), tmp_path / "clean.md")
    assert (clean.rating.value, clean.rating_action.value, clean.target_price.value, clean.current_price.value,
            clean.stock_code.value, clean.date.value) == ("中性", "维持", 180.0, 150.0, "300750.SZ", "2025-03-18")
    for where in ("cover_top", "cover_after_fields", "body_middle"):
        meta = write(pages_with(text, where), tmp_path / f"{where}.md")
        for field in ("rating", "rating_action", "target_price", "current_price", "stock_code", "date", "broker"):
            assert getattr(meta, field).value == getattr(clean, field).value, (field, where)
