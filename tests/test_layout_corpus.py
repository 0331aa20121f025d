"""The realistic layout corpus (data/layout_corpus, made by scripts/layout_corpus): regenerating it
gives the committed bytes, and its gold says only what is really on the pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "layout_corpus"
WS = re.compile(r"\s+")
REPORT_TYPES = {"公司深度", "公司点评", "行业深度", "行业点评", "策略", "宏观", "金工", None}
DOMAINS = {"华泰证券": "htsc.com", "中信证券": "citics.com", "中金公司": "cicc.com.cn", "国金证券": "gjzq.com.cn",
           "东吴证券": "dwzq.com.cn", "广发证券": "gf.com.cn", "招商证券": "cmschina.com.cn", "国泰君安": "gtjas.com"}
RATING_ACTIONS = {"维持", "上调", "下调", "首次覆盖", None}


def squash(text: str) -> str:
    return WS.sub("", text)


def golds() -> list[dict]:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    return [json.loads((CORPUS / m["gold"]).read_text(encoding="utf-8")) for m in manifest]


@pytest.fixture(scope="module")
def page_texts() -> dict[str, list[str]]:
    import pypdf

    return {g["id"]: [squash(p.extract_text()) for p in pypdf.PdfReader(CORPUS / g["file"]).pages] for g in golds()}


def seeds_available() -> bool:
    from scripts.layout_corpus.seeds import seeds_dir

    return seeds_dir().is_dir()


def test_regeneration_is_byte_identical(tmp_path):
    from scripts.layout_corpus.build import build_corpus
    from scripts.layout_corpus.documents import broker_documents

    ids = None if seeds_available() else {d.id for d in broker_documents()}
    build_corpus(tmp_path, only=ids)
    committed = {p.name for p in CORPUS.iterdir() if p.suffix in (".pdf", ".json") and p.name != "MANIFEST.json"}
    made = {p.name for p in tmp_path.iterdir()}
    if ids is None:
        assert made - {"MANIFEST.json"} == committed
        assert (tmp_path / "MANIFEST.json").read_bytes() == (CORPUS / "MANIFEST.json").read_bytes()
    for name in sorted(made - {"MANIFEST.json"}):
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), f"{name} differs from the committed file"
    if ids is not None:
        pytest.skip("../shared/seeds is absent: the broker documents were checked, the seed documents were not")


def test_every_gold_line_is_on_its_page(page_texts):
    for gold in golds():
        texts = page_texts[gold["id"]]
        assert len(texts) == gold["page_count"]
        for page in gold["pages"]:
            text = texts[page["index"]]
            for block in page["blocks"]:
                for line in block["lines"]:
                    assert squash(line) in text, (gold["id"], page["index"], line)
            for item in page["header"] + page["footer"]:
                assert squash(item) in text, (gold["id"], page["index"], item)
            if page["label"] is not None:
                assert any(page["label"] in item for item in page["footer"])


def test_gold_metadata_is_printed(page_texts):
    for gold in golds():
        whole, cover = "".join(page_texts[gold["id"]]), page_texts[gold["id"]][0]
        assert squash(gold["marker_line"]) in cover
        cover_blocks = gold["pages"][0]["blocks"]
        printed = {kind: [squash(b["text"]) for b in cover_blocks if b["kind"] == kind] for kind in ("title", "subtitle")}
        # title and subtitle are the cover's title-styled blocks (whose lines are checked on the page above)
        assert printed["title"] == ([squash(gold["title"])] if gold["title"] else []), gold["id"]
        assert gold["subtitle"] is None or squash(gold["subtitle"]) in printed["subtitle"], gold["id"]
        for analyst in gold["analysts"]:
            assert analyst["name"] in whole and analyst["email"] in whole
            if analyst["sac"]:
                assert analyst["sac"] in whole
        for field in ("stock_name", "industry", "rating"):
            if gold[field]:
                assert squash(gold[field]) in whole, (gold["id"], field)
        if gold["stock_code"]:
            assert gold["stock_code"].split(".")[0] in cover
        for field in ("target_price", "current_price"):
            if gold[field] is not None:
                value = gold[field]
                assert f"{value:.2f}" in cover or f"{value:,.2f}" in cover, (gold["id"], field)
        if gold["date"]:
            y, m, d = (int(v) for v in gold["date"].split("-"))
            forms = [f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}-{m:02d}-{d:02d}", f"{y}.{m:02d}.{d:02d}", f"{y}.{m}.{d}"]
            assert any(squash(f) in whole for f in forms), gold["id"]
        if gold["broker"]:  # named on the pages, or only through the analysts' e-mail domain
            domains = {a["email"].split("@")[1] for a in gold["analysts"]}
            assert gold["broker"] in whole or domains == {DOMAINS[gold["broker"]]}, gold["id"]


def test_gold_is_well_formed():
    for gold in golds():
        assert gold["report_type"] in REPORT_TYPES and gold["rating_action"] in RATING_ACTIONS
        assert (gold["rating"] is None) == (gold["rating_action"] is None)
        for analyst in gold["analysts"]:
            assert analyst["sac"] is None or re.fullmatch(r"S\d{13}", analyst["sac"])
        stamp = gold["pdf_metadata"]["creation_date"]
        assert gold["date"] is None or gold["date"].replace("-", "") != stamp[2:10], gold["id"]
        if gold["stock_code"]:
            assert re.fullmatch(r"\d{6}\.(SH|SZ)", gold["stock_code"])
        for page in gold["pages"]:
            assert page["body_text"] == "\n".join(b["text"] for b in page["blocks"] if b["text"])
            for cell in page["forecast"]:
                assert cell["value"] == float(cell["text"].replace(",", "").rstrip("%x")) and cell["page"] == page["index"]
        if gold["forecast"]:
            years = {c["year"] for c in gold["forecast"]}
            assert {"营业收入", "归母净利润", "EPS"} <= {c["metric"] for c in gold["forecast"]}
            assert any(y.endswith("A") for y in years) and any(y.endswith("E") for y in years)


def test_stock_codes_are_real():
    import csv

    with (REPO / "tools" / "data" / "stock_master.csv").open(encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    for gold in golds():
        assert gold["stock_code"] is None or gold["stock_code"] in codes
        for page in gold["pages"]:
            for table in page["tables"]:
                for row in table["rows"]:
                    for cell in row:
                        assert not re.fullmatch(r"\d{6}\.(SH|SZ)", cell) or cell in codes, cell


def test_corpus_covers_what_the_issue_asks():
    brokers = [g for g in golds() if g["doc_kind"] == "broker_report"]
    styles = {g["style"] for g in brokers}
    assert len(styles) >= 6 and len(brokers) >= 24
    assert {"公司深度", "公司点评", "行业深度", "策略", "宏观", "金工"} <= {g["report_type"] for g in brokers}
    assert any(g["layout"]["columns"] == 2 for g in brokers) and any(g["layout"]["stream_order"] == "by_row" for g in brokers)
    assert any(g["date"] is None for g in brokers) and any(g["target_price"] is None and g["rating"] for g in brokers)
    assert any(p["is_boilerplate"] for g in brokers for p in g["pages"])
    assert {"维持", "上调", "下调", "首次覆盖"} <= {g["rating_action"] for g in brokers}
