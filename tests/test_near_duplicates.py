"""Near-duplicate reports at ingest (issue 17): a second copy becomes a second source of one report."""

from __future__ import annotations

from memory.search import search
from tests.conftest import write_report
from tools.documents import load_document
from tools.text_similarity import NEAR_DUPLICATE, jaccard, shingles

BODY = [
    "宁德时代(300750.SZ) 买入。公司动力电池全球装机份额保持领先，麒麟电池与神行超充电池在主流车企平台加速定点。"
    "我们测算2025年公司动力电池出货量同比增长约18%，其中快充产品占比提升至三成以上，单位盈利有望维持较高水平。",
    "全球大储需求维持高增，公司储能电芯与系统产品在海外大项目中标持续。我们预计2025年储能出货量同比增长35%，"
    "储能业务毛利率约22%，较动力电池略低但波动收敛。欧洲工厂投产顺利，匈牙利基地进入设备调试阶段。",
    "我们预计公司2025-2027年归母净利润分别为594.6、707.4、824.1亿元，对应市盈率18、15、13倍，维持买入评级。"
    "风险提示：原材料价格大幅波动；新能源车销量不及预期；海外政策变化带来的贸易壁垒。",
]
STAMP = "仅供内部使用"


def _rows_in(library, table: str) -> int:
    """Rows left in a catalog table: SQLite here, PostgreSQL when tests/team collects this module."""
    return library.catalog.read(f"SELECT count(*) AS n FROM {table}")[0]["n"]


def test_a_watermarked_copy_is_one_report_with_two_sources(library, tmp_path):
    original = write_report(tmp_path, "catl.txt", BODY)
    copy = write_report(tmp_path, "catl_from_terminal.txt", [f"{STAMP}\n{p}" for p in BODY])
    similarity = jaccard(set().union(*map(shingles, BODY)), set().union(*(shingles(f"{STAMP}\n{p}") for p in BODY)))
    assert similarity >= NEAR_DUPLICATE  # the copy really is within the threshold, not by construction of the test

    first = library.ingest(load_document(original))
    second = library.ingest(load_document(copy))
    assert second.status == "duplicate" and second.report_id == first.report_id
    assert second.duplicate_reason.startswith("正文相似度")
    assert len(library.reports()) == 1
    assert sorted(library.catalog.sources_of(first.report_id)) == sorted([str(original), str(copy)])
    hits = search(library, "储能业务毛利率", k=10)
    assert {h.report_id for h in hits} == {first.report_id}  # one report in answers, not two
    # again: nothing compared, nothing written
    assert library.ingest(load_document(copy)).status == "unchanged"
    assert library.ingest(load_document(original)).status == "unchanged"


def test_same_broker_date_and_title_in_another_format_is_a_duplicate(library, tmp_path):
    pdfish = write_report(tmp_path, "20250318_中信证券_宁德时代深度报告.txt", BODY)
    other = tmp_path / "word"
    other.mkdir()
    md = other / "20250318_中信证券_宁德时代深度报告.md"
    md.write_text("# 宁德时代深度报告\n\n" + "\n\n".join(BODY[:2]), encoding="utf-8")
    a, b = load_document(pdfish), load_document(md)
    assert (a.broker, a.date, a.title) == (b.broker, b.date, b.title)
    first = library.ingest(a)
    second = library.ingest(b)
    assert second.status == "duplicate" and second.report_id == first.report_id
    assert second.duplicate_reason == "券商、日期、标题相同"


def test_copies_in_one_batch_become_one_report(library, tmp_path):
    paths = [write_report(tmp_path, "a.txt", BODY), write_report(tmp_path, "b.txt", [f"{STAMP}\n{p}" for p in BODY])]
    outcomes = library.ingest_many([load_document(p) for p in paths])
    assert sorted(o.status for o in outcomes) == ["duplicate", "ingested"]
    assert len(library.reports()) == 1


def test_a_revision_with_new_numbers_is_a_new_report(library, tmp_path):
    """A report re-issued with changed forecasts shares most of its words but is not a copy."""
    revised = [p.replace("18", "25").replace("35", "41").replace("594.6", "610.2").replace("22%", "19%")
               .replace("欧洲工厂投产顺利", "欧洲工厂投产延后").replace("维持买入", "下调至增持") for p in BODY]
    library.ingest(load_document(write_report(tmp_path, "v1.txt", BODY)))
    outcome = library.ingest(load_document(write_report(tmp_path, "v2.txt", revised)))
    assert outcome.status == "ingested" and len(library.reports()) == 2


def test_an_edited_file_at_the_same_path_replaces_its_report(library, tmp_path):
    path = write_report(tmp_path, "catl.txt", BODY)
    first = library.ingest(load_document(path))
    write_report(tmp_path, "catl.txt", [*BODY[:2], BODY[2] + "补充：2026年海外产能继续扩张。"])
    second = library.ingest(load_document(path))
    assert second.status == "replaced" and second.replaced_report_id == first.report_id
    assert [r.report_id for r in library.reports()] == [second.report_id]


def test_removing_the_report_removes_the_copy_records(library, tmp_path):
    original = write_report(tmp_path, "catl.txt", BODY)
    copy = write_report(tmp_path, "copy.txt", [f"{STAMP}\n{p}" for p in BODY])
    rid = library.ingest(load_document(original)).report_id
    library.ingest(load_document(copy))
    library.remove(rid)
    for table in ("dup_signatures", "dup_bands", "dup_sources", "sources"):
        assert _rows_in(library, table) == 0, table
    # the copy now stands alone: ingested as its own report, not attached to a report that is gone
    assert library.ingest(load_document(copy)).status == "ingested"
